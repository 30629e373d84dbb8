"""Enqueueing sync jobs only once the caller's transaction is committed, and cancelling them."""
from sqlalchemy import event

from jobs import enqueue
from webapp.extensions import db
from webapp.queues import get_queue, job_key

LOCK_NAME = "sync-cycle"  # held by activation, cycle and push drains alike (a short lease, jobs/locks.py)
_HOOKED, _PENDING = "kitbridge.after_commit_hooked", "kitbridge.after_commit_jobs"


def activation_job_id(run_id):
    """The activation's job id, namespaced: two deployments on one Redis both have run 1."""
    return job_key(None, "sync-activation", run_id)


def cycle_job_id():
    """The "Sync now" cycle's job id in the app's namespace."""
    return job_key(None, "sync-cycle")


def push_job_id():
    """The push drain's job id in the app's namespace."""
    return job_key(None, "sync-push")


def after_commit(func, *args, job_id=None, job_timeout=None):
    """Enqueue func(*args) when the current session commits (dropped on rollback)."""
    session = db.session()
    if not session.info.get(_HOOKED):
        event.listen(session, "after_commit", _run_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
        session.info[_HOOKED] = True
    session.info.setdefault(_PENDING, []).append((func, args, job_id, job_timeout))


def _run_pending(session):
    """Enqueue what the committed transaction asked for."""
    pending = session.info.pop(_PENDING, [])
    for func, args, job_id, job_timeout in pending:
        enqueue(func, *args, job_id=job_id, job_timeout=job_timeout)


def _drop_pending(session, previous_transaction=None):
    """A rollback cancels the jobs its transaction asked for."""
    if previous_transaction is None or previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


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
