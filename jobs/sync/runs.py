"""SyncRun bookkeeping the jobs write: status, work done of work to do, counts, records spent, waits.

Reading them back (progress, rate, ETA, summaries) is the store's: webapp/store/sync_status.py.
"""
from webapp.extensions import db
from webapp.models import SyncRun, utcnow
from webapp.queues import get_redis
from webapp.store.sync_status import ACTIVE, waiting_key

WAITING_KEEP_SECONDS = 3600  # a wait the client never ended (its worker died) fades on its own

COUNT_KEYS = ("created", "linked", "updated", "pushed", "errors")


def new_run(integration_id, kind, status="queued"):
    """Add a run row in the caller's transaction."""
    run = SyncRun(integration_id=integration_id, kind=kind, status=status,
                  counts={key: 0 for key in COUNT_KEYS})
    db.session.add(run)
    db.session.flush()
    return run


def start(run):
    """Mark a run running (the caller commits)."""
    run.status = "running"
    run.started_at = run.started_at or utcnow()
    run.error = None


def bump(run, key, by=1):
    """Add to one of the run's counts; JSON columns need a fresh dict to be seen as changed."""
    counts = dict(run.counts or {})
    counts[key] = counts.get(key, 0) + by
    run.counts = counts


def set_count(run, key, value):
    """Store a figure on the run (e.g. the AK user total)."""
    counts = dict(run.counts or {})
    counts[key] = value
    run.counts = counts


def add_work(run, total=0, done=0):
    """Grow work to do and work done."""
    run.work_total = (run.work_total or 0) + total
    run.work_done = (run.work_done or 0) + done


def restart_work(run):
    """A resumed run sizes its remaining work afresh (what was done before is not redone)."""
    run.work_total, run.work_done = 0, 0


def wait_reporter(run_id):
    """The client's on_wait: kept in Redis, never in the run row, so a wait never commits half a page."""
    connection, key = get_redis(), waiting_key(run_id)

    def report(message):
        """Remember the wait while it lasts; None clears it."""
        if message:
            connection.set(key, message, ex=WAITING_KEEP_SECONDS)
        else:
            connection.delete(key)
    return report


def spend(run, client):
    """Copy the client's records counter so records_spent stays true after every commit."""
    if client is not None:
        run.records_spent = int(getattr(client, "records_spent", 0) or 0)
        set_count(run, "requests", int(getattr(client, "requests_made", 0) or 0))


def finish(run, status="done", error=None):
    """Close a run with its outcome."""
    run.status = status
    run.error = error
    run.finished_at = utcnow()


def active_runs(integration_id):
    """Runs queued or running, e.g. to stop them on deactivation."""
    query = db.select(SyncRun).where(SyncRun.integration_id == integration_id, SyncRun.status.in_(ACTIVE))
    return list(db.session.scalars(query))


def active_runs_of_kind(integration_id, kinds, statuses=ACTIVE):
    """Queued/running runs of some kinds (to avoid starting a second one)."""
    query = db.select(SyncRun).where(SyncRun.integration_id == integration_id, SyncRun.kind.in_(kinds),
                                     SyncRun.status.in_(statuses))
    return list(db.session.scalars(query))
