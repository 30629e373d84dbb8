"""Worker classes that run every job inside a Flask app context.

Two ways a job gets its context (DESIGN.md §1):
- Forking (`flask worker`, production): the CLI command holds an app context and the work horse
  inherits it, as in Redash. The horse drops the database pool it inherited, because pooled sockets
  belong to the parent (SQLAlchemy's fork recipe), and removes its session when the job ends.
- Non-forking (`flask worker --simple`, tests, the embedded dev thread): each job gets a fresh
  `app.app_context()`, so it has its own session, and `db.session.remove()` runs afterwards
  (Flask's Celery pattern applied to RQ). Nothing leaks from one job into the next.
"""
from contextlib import nullcontext

from flask import has_app_context
from rq import Queue
from rq.worker import HerokuWorker, SimpleWorker

from webapp.extensions import db
from webapp.queues import get_redis, queue_name


class AppContextMixin:
    """Holds the Flask app and wraps perform_job in the right app context."""

    def __init__(self, *args, app, **kwargs):
        """Take the app as a keyword so rq's own constructor arguments pass through untouched."""
        self.app = app
        super().__init__(*args, **kwargs)

    def perform_job(self, job, queue):
        """Run the job with a database session that belongs to this job alone."""
        if self.is_horse:
            return self._perform_in_horse(job, queue)
        with self.app.app_context():
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()

    def _perform_in_horse(self, job, queue):
        """Forked child: reuse the inherited context; never touch the parent's pooled sockets."""
        with nullcontext() if has_app_context() else self.app.app_context():
            db.engine.dispose(close=False)
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()


class AppWorker(AppContextMixin, HerokuWorker):
    """Production worker: forks a horse per job; SIGTERM is a warm shutdown (Heroku's 30 s grace)."""


class AppSimpleWorker(AppContextMixin, SimpleWorker):
    """Runs jobs in this process (no fork): tests, `flask worker --simple`, platforms without fork."""


def build_worker(app, queue_names=None, simple=False, worker_class=None):
    """A worker for the app's Redis; queue_names default to the app's (namespaced) queue."""
    cls = worker_class or (AppSimpleWorker if simple else AppWorker)
    connection = get_redis(app)
    names = list(queue_names or [queue_name(app)])
    queues = [Queue(name, connection=connection) for name in names]
    return cls(queues, connection=connection, app=app)


def run_queued_jobs(app, max_jobs=None):
    """Run what is queued now, in this process, then return (tests and one-off scripts)."""
    worker = build_worker(app, simple=True)
    return worker.work(burst=True, max_jobs=max_jobs, logging_level="WARNING")
