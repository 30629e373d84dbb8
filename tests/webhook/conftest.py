"""Webhook fixtures: the sync tests' sandbox and app, plus a way to read what a notice left behind."""
import pytest

from tests.sync_jobs.conftest import activated, app, connected, raw, run_jobs, sandbox  # noqa: F401
from webapp.extensions import db
from webapp.models import AkAction


def webhook_path(integration):
    """The integration's current webhook path."""
    return f"/webhooks/actionkit/{integration.webhook_token}"


def stored_actions():
    """Every stored action row."""
    db.session.expire_all()
    return list(db.session.scalars(db.select(AkAction).order_by(AkAction.ak_id)))


def queued_job_ids(app):
    """Ids of the jobs waiting in the app's queue."""
    from webapp.queues import get_queue
    return get_queue(app).job_ids


@pytest.fixture
def hook(app, connected):
    """POST to the connected integration's webhook with the plain test client (no login, no cookie)."""
    client = app.test_client()

    def post(token=None, **kwargs):
        return client.post(f"/webhooks/actionkit/{token or connected.webhook_token}", **kwargs)
    return post
