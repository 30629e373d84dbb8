"""Read-only sync summaries for the UI and CLI: user counts, outbox, the last run and its live progress.

Views and the CLI read these from here (the store); the jobs that write runs live in jobs/sync.
"""
from flask import current_app

from webapp.extensions import db
from webapp.models import SyncRun, utcnow
from webapp.queues import get_redis, redis_key
from webapp.store.akusers import count_rows, linked_member_count, status_counts
from webapp.store.content_status import content_summary
from webapp.store.integration import get_integration, scan_complete
from webapp.store.outbox import outbox_counts

ACTIVE = ("queued", "running")
PREVIEW_KIND = "preview"


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
        query = query.where(SyncRun.kind != PREVIEW_KIND)  # a dry run changes nothing: never "the last run"
    return db.session.scalar(query)


def waiting_key(run_id):
    """Where a run's current wait ("waiting for ActionKit's rate limit") is kept while it lasts."""
    return redis_key(None, "run", run_id, "waiting")


def waiting(run):
    """What an active run is waiting for right now, or None."""
    if run.status not in ACTIVE:
        return None
    value = get_redis().get(waiting_key(run.id))
    return value.decode() if isinstance(value, bytes) else value


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
        eta = round(remaining / min(rate, _budget_per_second()))
    elif run.status not in ACTIVE:
        eta = 0
    percent = 100.0 if run.status == "done" and total == 0 else (round(100.0 * done / total, 1) if total else 0.0)
    return {"id": run.id, "kind": run.kind, "status": run.status, "work_done": done, "work_total": total,
            "percent": min(percent, 100.0), "rate": round(rate, 2), "eta_seconds": eta,
            "records_spent": run.records_spent or 0, "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at), "error": run.error, "counts": dict(run.counts or {}),
            "waiting": waiting(run)}


def _budget_per_second():
    """Records per second the shared limiter allows: an early burst must not promise a faster end."""
    config = current_app.config
    if not config.get("ACTIONKIT_RATE_LIMIT", True):
        return float("inf")
    per_window = float(config.get("ACTIONKIT_RECORDS_PER_MINUTE") or 1000)
    return per_window / float(config.get("ACTIONKIT_RATE_WINDOW_SECONDS") or 60)


def _iso(value):
    """ISO text for JSON answers."""
    return value.isoformat() if value else None




def _newest_run_with_total(integration_id):
    """The newest run that counted ActionKit's users, or None."""
    return next(iter(_runs_with_total(integration_id)), None)


def latest_user_total(integration_id):
    """The AK user total last counted (None before any), so an idle cycle can carry it instead of asking."""
    run = _newest_run_with_total(integration_id)
    return int(run.counts["ak_users"]) if run is not None else None


def _runs_with_total(integration_id):
    """Runs newest first that recorded the AK user total."""
    query = (db.select(SyncRun).where(SyncRun.integration_id == integration_id)
             .order_by(SyncRun.id.desc()).limit(20))
    return [run for run in db.session.scalars(query) if (run.counts or {}).get("ak_users") is not None]


def user_counts(integration):
    """{"total", "synced", "by_status"}: users never fetched count as no_phone once the scan has finished.

    Until the activation's scan has finished (it may have failed and wait to be resumed) they are
    "not scanned yet": nobody has read them, so nothing is known about their phones."""
    by_status = status_counts(integration.id)
    rows = count_rows(integration.id)
    newest = _newest_run_with_total(integration.id)
    total = int(newest.counts["ak_users"]) if newest is not None else None
    unfetched = max((total or 0) - rows, 0)
    if unfetched:
        key = "no_phone" if scan_complete(integration) else "not_scanned"
        by_status[key] = by_status.get(key, 0) + unfetched
    return {"total": max(total or 0, rows), "synced": by_status.get("synced", 0), "by_status": by_status}


def status_summary():
    """The summary dict the settings page and `flask actionkit status` show."""
    integration = get_integration()
    if integration is None:
        return {"active": False, "users": {"total": 0, "synced": 0, "by_status": {}}, "members": 0,
                "outbox": outbox_counts(), "last_run": None, **content_summary(None)}
    last = latest_run(integration.id)
    return {"active": bool(integration.sync_enabled), "users": user_counts(integration),
            "members": linked_member_count(integration.id), "outbox": outbox_counts(),
            "last_run": _run_dict(last), **content_summary(integration)}


def _run_dict(run):
    """The last_run entry with exactly the documented keys."""
    if run is None:
        return None
    data = progress(run)
    keys = ("id", "kind", "status", "work_done", "work_total", "rate", "eta_seconds", "started_at",
            "finished_at", "error", "counts", "waiting")
    return {key: data[key] for key in keys}


def run_progress(run_id):
    """Work done/total, percent, rate per second and ETA of one run (progress bar), or None."""
    run = db.session.get(SyncRun, run_id)
    return progress(run) if run is not None else None
