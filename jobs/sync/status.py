"""Read-only summaries for the UI and CLI: status counts, outbox, last run, live progress."""
from webapp.extensions import db
from webapp.store.akusers import count_rows, linked_member_count, status_counts
from webapp.store.integration import get_integration
from webapp.store.outbox import outbox_counts

from jobs.sync import runs
from jobs.sync.harness import get_run
from jobs.sync.scan import scan_complete


def ak_user_total(integration_id):
    """The newest ActionKit user total any run counted (activation or cycle), or None."""
    run = _newest_run_with_total(integration_id)
    return int(run.counts["ak_users"]) if run is not None else None


def _newest_run_with_total(integration_id):
    """The newest run that counted ActionKit's users, or None."""
    return next(iter(_runs_with_total(integration_id)), None)


def _runs_with_total(integration_id):
    """Runs newest first that recorded the AK user total."""
    from webapp.models import SyncRun
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
                "outbox": outbox_counts(), "last_run": None}
    last = runs.latest_run(integration.id)
    return {"active": bool(integration.sync_enabled), "users": user_counts(integration),
            "members": linked_member_count(integration.id), "outbox": outbox_counts(),
            "last_run": _run_dict(last)}


def _run_dict(run):
    """The last_run entry with exactly the documented keys."""
    if run is None:
        return None
    data = runs.progress(run)
    keys = ("id", "kind", "status", "work_done", "work_total", "rate", "eta_seconds", "started_at",
            "finished_at", "error", "counts", "waiting")
    return {key: data[key] for key in keys}


def run_progress(run_id):
    """Work done/total, percent, rate per second and ETA of one run (progress bar), or None."""
    run = get_run(run_id)
    return runs.progress(run) if run is not None else None
