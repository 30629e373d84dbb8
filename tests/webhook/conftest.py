"""Webhook fixtures: the pages tests' sandbox, app and synced page, an app served over real HTTP, and waits."""

import pytest

from tests.conftest import wait_for_rows
from tests.pages.conftest import activated, app, connected, raw, run_jobs, sandbox, synced_page  # noqa: F401
from webapp.extensions import db
from webapp.models import AkAction


def webhook_path(integration):
    """The integration's current webhook path."""
    return f"/webhooks/actionkit/{integration.webhook_token}"


def stored_actions(**filters):
    """Stored action rows (fresh from the database), by ActionKit id."""
    db.session.rollback()
    return list(db.session.scalars(db.select(AkAction).filter_by(**filters).order_by(AkAction.ak_id)))


def queued_job_ids(app):
    """Ids of the jobs waiting in the app's queue."""
    from webapp.queues import get_queue
    return get_queue(app).job_ids


wait_for = wait_for_rows  # the webhook tests' name for it

def drained(app):
    """True once no notice waits or is being processed and no drain job is queued or running."""
    from jobs.sync.notice_queue import backlog, drain_flag_key
    from webapp.queues import get_redis
    return backlog() == (0, 0) and not get_redis(app).exists(drain_flag_key()) and not queued_job_ids(app)


@pytest.fixture
def hook(app, connected):
    """POST to the connected integration's webhook with the plain test client (no login, no cookie)."""
    client = app.test_client()

    def post(token=None, **kwargs):
        return client.post(f"/webhooks/actionkit/{token or connected.webhook_token}", **kwargs)
    return post


@pytest.fixture
def live(app, synced_page):
    """The app served over real HTTP (threaded werkzeug) with a job worker thread, after the page's backfill."""
    from tests.browser.conftest import LiveServer
    server = LiveServer(app).start()
    yield server
    server.stop()
