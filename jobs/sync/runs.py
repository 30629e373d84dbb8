"""SyncRun bookkeeping: durable progress (work done of work to do, rate, ETA) and counts."""
from webapp.extensions import db
from webapp.models import SyncRun, utcnow
from webapp.queues import get_redis, redis_key

WAITING_KEEP_SECONDS = 3600  # a wait the client never ended (its worker died) fades on its own

COUNT_KEYS = ("created", "linked", "updated", "pushed", "errors")
ACTIVE = ("queued", "running")
PREVIEW_KIND = "preview"  # a dry run: it changes no data, so "the last run" never means one


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


def waiting_key(run_id):
    """Where a run's current wait ("waiting for ActionKit's rate limit") is kept while it lasts."""
    return redis_key(None, "run", run_id, "waiting")


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


def waiting(run):
    """What an active run is waiting for right now, or None."""
    if run.status not in ACTIVE:
        return None
    value = get_redis().get(waiting_key(run.id))
    return value.decode() if isinstance(value, bytes) else value


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


def progress(run, now=None):
    """Work done/total, percent, rate per second and ETA for the progress bar."""
    now = now or utcnow()
    done, total = run.work_done or 0, run.work_total or 0
    end = run.finished_at or now
    elapsed = (end - run.started_at).total_seconds() if run.started_at else 0.0
    rate = done / elapsed if elapsed > 0 else 0.0
    remaining = max(total - done, 0)
    eta = None
    if run.status == "running" and rate > 0:
        eta = round(remaining / rate)
    elif run.status not in ACTIVE:
        eta = 0
    percent = 100.0 if run.status == "done" and total == 0 else (round(100.0 * done / total, 1) if total else 0.0)
    return {"id": run.id, "kind": run.kind, "status": run.status, "work_done": done, "work_total": total,
            "percent": min(percent, 100.0), "rate": round(rate, 2), "eta_seconds": eta,
            "records_spent": run.records_spent or 0, "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at), "error": run.error, "counts": dict(run.counts or {}),
            "waiting": waiting(run)}


def _iso(value):
    """ISO text for JSON answers."""
    return value.isoformat() if value else None


def latest_run(integration_id=None, kinds=None, before_id=None):
    """The newest run (optionally of some kinds, or older than a given run)."""
    query = db.select(SyncRun).order_by(SyncRun.id.desc()).limit(1)
    if before_id is not None:
        query = query.where(SyncRun.id < before_id)
    if integration_id is not None:
        query = query.where(SyncRun.integration_id == integration_id)
    if kinds:
        query = query.where(SyncRun.kind.in_(kinds))
    else:
        query = query.where(SyncRun.kind != PREVIEW_KIND)
    return db.session.scalar(query)


def active_runs(integration_id):
    """Runs queued or running, e.g. to stop them on deactivation."""
    query = db.select(SyncRun).where(SyncRun.integration_id == integration_id, SyncRun.status.in_(ACTIVE))
    return list(db.session.scalars(query))


def active_runs_of_kind(integration_id, kinds, statuses=ACTIVE):
    """Queued/running runs of some kinds (to avoid starting a second one)."""
    query = db.select(SyncRun).where(SyncRun.integration_id == integration_id, SyncRun.kind.in_(kinds),
                                     SyncRun.status.in_(statuses))
    return list(db.session.scalars(query))
