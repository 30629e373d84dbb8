"""The preview as a job for the web: queued by a view, kept on a SyncRun of kind "preview", read by the page.

A view never calls ActionKit, so the Settings page's Preview button (and turning sync on before a
preview exists) only enqueues `run_preview`; the job records a run whose `counts["preview"]`
holds the preview's figures, and the page polls until it is there.
"""
from redis.exceptions import RedisError
from rq.job import JobStatus

from webapp.extensions import db
from webapp.models import Integration
from webapp.queues import get_queue, job_key
from webapp.store.sync_status import PREVIEW_KIND, latest_run

from jobs import enqueue

from jobs.sync import runs
from jobs.sync.harness import get_run
from jobs.sync.preview import SAMPLE_SIZE, preview_when_idle
from jobs.sync.preview_read import settings_fingerprint

PREVIEW_TIMEOUT = 1800
LOCK_WAIT_SECONDS = 300  # a cycle may be finishing; after that the preview fails and says so
PENDING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def preview_job_id():
    """One preview job at a time per deployment: asking again while one is queued reuses it."""
    return job_key(None, "sync-preview")


def request_preview(integration_id, sample=SAMPLE_SIZE):
    """Queue a preview now (it writes nothing, so no commit has to come first)."""
    enqueue(run_preview, int(integration_id), int(sample), job_id=preview_job_id(),
            job_timeout=PREVIEW_TIMEOUT)


def preview_pending():
    """True while a preview job is queued or running (the page says "preparing the preview…").

    With the job queue unreachable nothing can be pending, and the page must still render."""
    try:
        job = get_queue().fetch_job(preview_job_id())
        return job is not None and job.get_status(refresh=True) in PENDING
    except RedisError:
        return False


def run_preview(integration_id, sample=SAMPLE_SIZE):
    """The job: a "running" preview run, the preview (undone), then its figures or its failure on the run."""
    integration = db.session.get(Integration, integration_id)
    if integration is None:
        return None
    run = runs.new_run(integration.id, PREVIEW_KIND, status="running")
    runs.start(run)
    db.session.commit()
    run_id = run.id
    try:
        result, error = preview_when_idle(integration, sample, wait=LOCK_WAIT_SECONDS, run_id=run_id), None
    except Exception as exc:  # noqa: BLE001 - the run row must say why the preview failed
        db.session.rollback()
        result, error = None, f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:2000]
    _record(run_id, result, error)
    return run_id


def _record(run_id, result, error):
    """Keep the figures (or the failure) on the preview run and close it."""
    run = get_run(run_id)
    run.counts = {"preview": result} if result is not None else {}
    run.records_spent = (result or {}).get("records_spent", 0)
    runs.finish(run, "done" if result is not None else "failed", error)
    db.session.commit()


def latest_preview(integration):
    """The newest preview of the integration as a dict, or None; `current` is False once settings changed."""
    run = latest_run(integration.id, kinds=(PREVIEW_KIND,))
    if run is None:
        return None
    result = (run.counts or {}).get("preview")
    current = result is not None and result.get("settings") == settings_fingerprint(integration)
    return {"run_id": run.id, "status": run.status, "error": run.error, "finished_at": run.finished_at,
            "result": result, "current": current}
