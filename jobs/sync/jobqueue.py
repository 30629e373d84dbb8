"""Enqueueing sync jobs only once the caller's transaction is committed, and cancelling them."""
from sqlalchemy import event

from jobs import enqueue
from webapp.extensions import db
from webapp.queues import get_queue

CYCLE_JOB_ID = "sync-cycle"
PUSH_JOB_ID = "sync-push"
LOCK_NAME = "sync-cycle"  # held by activation, cycle and push drains alike
LOCK_TTL = 3000


def activation_job_id(run_id):
    return f"sync-activation-{run_id}"


def after_commit(func, *args, job_id=None, job_timeout=None):
    """Enqueue func(*args) when the current session commits (dropped on rollback)."""
    session = db.session()

    def on_commit(_session):
        enqueue(func, *args, job_id=job_id, job_timeout=job_timeout)
        _forget()

    def on_rollback(_session):
        _forget()

    def _forget():
        for name, listener in (("after_commit", on_commit), ("after_soft_rollback", on_rollback)):
            if event.contains(session, name, listener):
                event.remove(session, name, listener)

    event.listen(session, "after_commit", on_commit)
    event.listen(session, "after_soft_rollback", on_rollback)


def cancel_queued_sync_jobs():
    """Remove every queued (not yet started) sync job; running ones stop between pages."""
    queue = get_queue()
    removed = 0
    for job in queue.get_jobs():
        if (job.func_name or "").startswith("jobs.sync"):
            job.cancel()
            job.delete()
            removed += 1
    return removed
