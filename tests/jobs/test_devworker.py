"""The embedded-mode threads: a worker off the main thread and the scheduler loop."""
import threading
import time

from rq.job import JobStatus

from jobs import enqueue
from jobs.devworker import ThreadWorker, start_scheduler_thread, start_worker_thread
from jobs.schedule import job_id, periodic_job_definitions
from webapp.extensions import db
from webapp.models import SyncRun
from webapp.queues import get_queue


def count_runs():
    """Job body that needs the database."""
    return db.session.scalar(db.select(db.func.count(SyncRun.id)))


def wait_for(predicate, timeout=10.0):
    """Poll until predicate() is true or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_thread_worker_is_safe_off_the_main_thread():
    from rq.timeouts import TimerDeathPenalty
    assert ThreadWorker.death_penalty_class is TimerDeathPenalty


def test_worker_thread_runs_jobs_with_the_database(app):
    db.session.add(SyncRun(kind="cycle"))
    db.session.commit()
    stop = threading.Event()
    thread = start_worker_thread(app, stop, every=0.1)
    try:
        job = enqueue(count_runs)
        assert wait_for(lambda: job.get_status() == JobStatus.FINISHED), job.get_status()
        assert job.return_value() == 1
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_scheduler_thread_registers_and_enqueues_due_jobs(app):
    stop = threading.Event()
    thread = start_scheduler_thread(app, stop, every=0.1)
    expected = job_id(next(d for d in periodic_job_definitions()
                                 if d["func"] == "jobs.maintenance.prune_finished_runs"))
    try:
        assert wait_for(lambda: expected in get_queue().job_ids)
    finally:
        stop.set()
        thread.join(timeout=5)
