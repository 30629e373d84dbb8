"""The instance's allowed userfields, stored on the integration so no page ever waits on ActionKit.

They are fetched at connect (connect.py, inside its short time limit), by every cycle
(refresh_allowed_userfields), by the job Settings' "Refresh" queues, and by the CLI's --refresh.
A failed refresh keeps the stored list and records why, for the page to show.
"""
from webapp.actionkit import ActionKitError, RateLimitTimeout
from webapp.extensions import db
from webapp.models import Integration, utcnow
from webapp.queues import job_key

from jobs import enqueue, get_job_logger
from jobs.sync.client import NotConnected, client_for

REFRESH_JOB_TIMEOUT = 900  # the job's client may wait out 429s (patience 300 s) and retry 5xx answers
FETCH_ERRORS = (ActionKitError, RateLimitTimeout, NotConnected)


def fetch_allowed_userfields(client):
    """The names ActionKit accepts, sorted and without blanks or repeats (one list call)."""
    return sorted({str(name) for name in client.list_allowed_userfields() if name})


def store_allowed_userfields(integration, names):
    """Keep the list and when it was fetched, clearing an earlier failure; the caller commits."""
    integration.allowed_userfields = list(names)
    integration.allowed_userfields_fetched_at = utcnow()
    integration.allowed_userfields_error = None


def record_refresh_failure(integration, exc):
    """Keep the old list, and say why it could not be refreshed (shown beside it on Settings)."""
    integration.allowed_userfields_error = f"{utcnow():%Y-%m-%d %H:%M} UTC: {exc}"[:1000]
    get_job_logger("sync").warning("Refreshing ActionKit userfields failed: %s", type(exc).__name__)


def refresh_allowed_userfields(ctx):
    """Cycle step: refresh the stored list; a failure here never fails the sync it rides along with."""
    try:
        store_allowed_userfields(ctx.integration, fetch_allowed_userfields(ctx.client))
    except (ActionKitError, RateLimitTimeout) as exc:
        record_refresh_failure(ctx.integration, exc)


def refresh_now(integration):
    """Fetch with the integration's client and store (CLI, job); the caller commits; raises FETCH_ERRORS."""
    with client_for(integration) as client:
        names = fetch_allowed_userfields(client)
    store_allowed_userfields(integration, names)
    return names


def refresh_job_id():
    """One refresh job at a time per deployment: pressing Refresh twice queues it once."""
    return job_key(None, "sync-userfields")


def queue_userfields_refresh(integration_id):
    """Ask a worker to refresh the list (Settings' "Refresh"); nothing here talks to ActionKit."""
    return enqueue(run_refresh_userfields, int(integration_id),
                   job_id=refresh_job_id(), job_timeout=REFRESH_JOB_TIMEOUT)


def run_refresh_userfields(integration_id):
    """The job behind "Refresh": fetch and store, or record why not; returns the names or None."""
    integration = db.session.get(Integration, integration_id)
    if integration is None:
        return None
    try:
        names = refresh_now(integration)
    except FETCH_ERRORS as exc:
        db.session.rollback()
        record_refresh_failure(integration, exc)
        names = None
    db.session.commit()
    return names
