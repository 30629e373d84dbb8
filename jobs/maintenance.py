"""Housekeeping jobs: keep the SyncRun table small and honest."""
from datetime import timedelta

from sqlalchemy import delete, select, update

from jobs import get_job_logger
from webapp.extensions import db
from webapp.models import SyncEvent, SyncRun
from webapp.models.base import utcnow

KEEP_RUNS_DAYS = 30
STUCK_AFTER = timedelta(hours=2)
LOST_REASON = "worker lost"

log = get_job_logger(__name__)


def mark_lost_runs(now):
    """Runs "running" for longer than STUCK_AFTER lost their worker: mark them failed."""
    result = db.session.execute(
        update(SyncRun)
        .where(SyncRun.status == "running", SyncRun.started_at < now - STUCK_AFTER)
        .values(status="failed", error=LOST_REASON, finished_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount


def fail_interrupted_runs(reason="interrupted: Kitbridge restarted before the run finished"):
    """Queued or running runs whose queue died with the process (embedded mode) can never finish."""
    result = db.session.execute(
        update(SyncRun).where(SyncRun.status.in_(("queued", "running")))
        .values(status="failed", error=reason, finished_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount


def delete_old_runs(now):
    """Delete runs older than KEEP_RUNS_DAYS; their ledger events stay, unlinked from the run."""
    cutoff = now - timedelta(days=KEEP_RUNS_DAYS)
    old_ids = select(SyncRun.id).where(SyncRun.created_at < cutoff, SyncRun.status != "running")
    # SQLite does not enforce ON DELETE SET NULL unless asked, so unlink explicitly.
    db.session.execute(update(SyncEvent).where(SyncEvent.run_id.in_(old_ids)).values(run_id=None)
                       .execution_options(synchronize_session=False))
    result = db.session.execute(delete(SyncRun).where(SyncRun.id.in_(old_ids))
                                .execution_options(synchronize_session=False))
    return result.rowcount


def prune_finished_runs():
    """Periodic job: fail runs whose worker vanished, then drop runs older than 30 days."""
    now = utcnow()
    lost = mark_lost_runs(now)
    pruned = delete_old_runs(now)
    db.session.commit()
    if lost or pruned:
        log.info("marked %d lost run(s) failed, deleted %d old run(s)", lost, pruned)
    return {"marked_lost": lost, "deleted": pruned}
