"""Housekeeping jobs: keep the SyncRun table small and honest, and never let a dead run block sync.

The watchdog (every 30 s, and whenever "Sync now" is asked) finds
  (a) runs "running" with no live lease: their worker is gone. An activation goes back to
      "queued" and its job is enqueued again (it resumes from its last checkpoint); a cycle or
      push is failed, since the next cycle continues from the watermarks;
  (b) runs "queued" whose RQ job is gone, failed, stopped or cancelled: an activation is
      enqueued again, anything else is failed with the reason;
  (c) outbound texts left "sending" past a grace period: marked "unknown" (jobs.messaging.stuck), never resent.
Its repairs use their own session and commit, so they stick whatever the caller does next.
"""
from datetime import timedelta

from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from jobs import enqueue, get_job_logger
from jobs.locks import lease_seconds, run_is_alive, run_lease_record
from webapp.extensions import db
from webapp.models import SyncEvent, SyncRun
from webapp.models.base import utcnow
from webapp.queues import get_redis

KEEP_RUNS_DAYS = 30
QUEUED_GRACE = timedelta(seconds=30)  # between the commit of a run and the enqueue of its job
UNLEASED_LIMIT = timedelta(minutes=10)  # runs without a lease (retries) may not run longer
WAITING_JOB = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
LOST_WORKER = "worker lost; the next cycle continues from its watermarks"
RESUMED = "resumed after its worker was lost"
REQUEUED = "re-queued: its job was lost before it started"
JOB_LOST = "its job was lost before it started; the next cycle continues from its watermarks"

log = get_job_logger(__name__)


def _expected_job_id(run):
    """The job id a queued run was enqueued under (activation and Sync now use fixed schemes)."""
    from jobs.sync.jobqueue import activation_job_id, cycle_job_id
    if run.kind == "activation":
        return activation_job_id(run.id)
    return run_lease_record(run.id) or (cycle_job_id() if run.kind == "cycle" else None)


def _fetch_job(job_id):
    """The RQ job, or None when it no longer exists (or never had an id)."""
    if not job_id:
        return None
    try:
        return Job.fetch(job_id, connection=get_redis())
    except NoSuchJobError:
        return None


def _job_waits_for(job, run):
    """A queued job still to run this run (same run id, when the job says)."""
    if job is None:
        return False
    status = job.get_status(refresh=False)
    if status == JobStatus.STARTED:
        started = job.started_at.replace(tzinfo=None) if job.started_at else None
        return started is not None and started > utcnow() - timedelta(seconds=2 * lease_seconds())
    return status in WAITING_JOB and (not job.args or job.args[0] == run.id)


def _retire(job):
    """Cancel a dead job so an enqueue under the same id is not mistaken for a live duplicate."""
    if job is not None and job.get_status(refresh=False) in (*WAITING_JOB, JobStatus.STARTED):
        try:
            job.cancel()
        except InvalidJobOperation:
            pass


def _lost_running(session, now):
    """Runs "running" whose lease is gone (unleased ones: running longer than UNLEASED_LIMIT)."""
    rows = session.scalars(select(SyncRun).where(SyncRun.status == "running")).all()
    return [run for run in rows if not run_is_alive(run.id)
            and (run_lease_record(run.id) is not None or run.kind == "activation"
                 or (run.started_at or now) < now - UNLEASED_LIMIT)]


def _abandoned_queued(session, now):
    """Runs "queued" for longer than the grace whose job will never run them."""
    rows = session.scalars(select(SyncRun).where(SyncRun.status == "queued",
                                                 SyncRun.created_at < now - QUEUED_GRACE)).all()
    abandoned = []
    for run in rows:
        if run_is_alive(run.id):
            continue
        job = _fetch_job(_expected_job_id(run))
        if not _job_waits_for(job, run):
            abandoned.append((run, job))
    return abandoned


def _claim(session, run, status, note, now):
    """Move the run from the status we saw, only if nobody moved it meanwhile; True when we did."""
    values = {"status": status, "error": note}
    if status == "failed":
        values["finished_at"] = now
    result = session.execute(update(SyncRun).where(SyncRun.id == run.id, SyncRun.status == run.status)
                             .values(**values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _repair(session, run, job, now):
    """Queue the activation again or fail the run; returns the run id to re-enqueue, if any."""
    if run.kind == "activation":
        note = RESUMED if run.status == "running" else REQUEUED
        return run.id if _claim(session, run, "queued", note, now) else None
    _claim(session, run, "failed", LOST_WORKER if run.status == "running" else JOB_LOST, now)
    return None


def recover_runs():
    """The watchdog: repair lost running runs and abandoned queued ones; returns what it did."""
    now = utcnow()
    with Session(db.engine) as session:
        found = [(run, _fetch_job(run_lease_record(run.id))) for run in _lost_running(session, now)]
        found += _abandoned_queued(session, now)
        requeue = [(run_id, job) for run, job in found
                   if (run_id := _repair(session, run, job, now)) is not None]
        session.commit()
    for _, job in found:
        _retire(job)
    for run_id, _ in requeue:
        _enqueue_activation(run_id)
    if found:
        log.warning("watchdog: %d run(s) lost their worker or job; %d activation(s) queued again",
                    len(found), len(requeue))
    return {"repaired": len(found), "requeued": len(requeue)}


def _enqueue_activation(run_id):
    """Enqueue the activation under its usual id; it resumes from its last checkpoint."""
    from jobs.sync.activation import ACTIVATION_TIMEOUT, run_activation
    from jobs.sync.jobqueue import activation_job_id
    enqueue(run_activation, run_id, job_id=activation_job_id(run_id),
            job_timeout=ACTIVATION_TIMEOUT)


def watchdog():
    """Periodic job (every 30 s): see recover_runs; also drains stranded notices and flags texts a dead worker left."""
    from jobs.messaging.stuck import mark_stuck_sends
    from jobs.sync.notice_queue import request_drain_if_stranded
    request_drain_if_stranded()
    return {**recover_runs(), "texts_in_doubt": mark_stuck_sends()}


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
    """Periodic job (hourly): drop runs older than 30 days (lost runs are the watchdog's)."""
    pruned = delete_old_runs(utcnow())
    db.session.commit()
    if pruned:
        log.info("deleted %d old run(s)", pruned)
    return {"deleted": pruned}
