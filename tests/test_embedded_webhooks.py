"""Embedded mode: the sandbox's page webhooks follow the integration's webhook token (connect, rotation),
other receivers on a page are left alone, and the start-up banner says where to take action."""
import threading

import pytest
import requests

from aksandbox.server import start_sandbox
from tests.conftest import poll
from webapp import embedded
from webapp.devseed.webhook_follower import follow_once
from webapp.extensions import db
from webapp.models import Integration
from webapp.store.webhook_token import rotate_webhook_token

APP_URL = "http://127.0.0.1:5999"
OTHER = "http://127.0.0.1:9/someone-elses-receiver"
PAGES = ("sandbox-import", "volunteer-signup", "newsletter-signup", "save-the-library", "clean-air-now")
ACTED_ON = PAGES[1:]  # the import page gets no webhook: only the sync's own write-backs land there


@pytest.fixture
def sandbox():
    handle = start_sandbox(users=30, seed=3, records_per_minute=0)
    yield handle
    handle.stop()


def hooks(sandbox):
    """{page name: its webhook URLs} read through the sandbox's control endpoint."""
    return {name: requests.get(sandbox.url(f"/_sandbox/pages/{name}/webhooks"), auth=sandbox.auth,
                               timeout=5).json()["urls"] for name in PAGES}


def expected(ours):
    """Our URL on every page people act on, after the other receiver where one was set; none on the import page."""
    pages = {name: [ours] for name in ACTED_ON}
    return dict(pages, **{"sandbox-import": [], "clean-air-now": [OTHER, ours]})


def test_pages_follow_connect_and_rotation_and_keep_other_receivers(app, sandbox):
    from jobs import sync
    put = requests.put(sandbox.url("/_sandbox/pages/clean-air-now/webhooks"), json={"urls": [OTHER]},
                       auth=sandbox.auth, timeout=5)
    assert put.status_code == 200
    assert follow_once(app, sandbox.store, APP_URL) == 0  # no token before connect: nothing to point at
    sync.connect_instance(sandbox.base_url, *sandbox.auth)
    db.session.commit()
    token = db.session.scalar(db.select(Integration)).webhook_token
    assert token and follow_once(app, sandbox.store, APP_URL) == len(ACTED_ON)
    ours = f"{APP_URL}/webhooks/actionkit/{token}"
    assert hooks(sandbox) == expected(ours)
    assert follow_once(app, sandbox.store, APP_URL) == 0  # nothing changed, nothing written
    rotated = f"{APP_URL}/webhooks/actionkit/{rotate_webhook_token(db.session.scalar(db.select(Integration)))}"
    db.session.commit()
    assert follow_once(app, sandbox.store, APP_URL) == len(ACTED_ON)
    assert hooks(sandbox) == expected(rotated)


def test_embedded_start_points_pages_at_its_own_url_after_connect(tmp_path):
    from jobs import sync
    running = embedded.start(port=0, sandbox_users=120, instance_path=tmp_path)
    server = threading.Thread(target=running.server.serve_forever, daemon=True)
    server.start()
    try:
        banner = embedded.banner(running)
        assert f"Take action:       {running.sandbox.base_url}/act/" in banner
        assert requests.get(running.sandbox.url("/act/"), timeout=5).status_code == 200
        with running.app.app_context():
            sync.connect_instance(running.sandbox.base_url, *running.sandbox.auth)
            db.session.commit()
            token = db.session.scalar(db.select(Integration)).webhook_token
        expected = f"http://127.0.0.1:{running.server.server_port}/webhooks/actionkit/{token}"
        want = dict({name: [expected] for name in ACTED_ON}, **{"sandbox-import": []})
        assert _wait(lambda: hooks(running.sandbox) == want), hooks(running.sandbox)
    finally:
        running.server.shutdown()
        embedded.shutdown(running)
    assert not any(thread.is_alive() for thread in running.threads)


def _wait(probe, timeout=10.0):
    """True once probe() holds within the timeout."""
    return poll(probe, timeout, interval=0.1) is not None
