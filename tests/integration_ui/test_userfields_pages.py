"""Settings and "+ Add field" read only the stored allowed userfields; "Refresh" queues a job."""
import pytest
import requests

from aksandbox.server import start_sandbox
from jobs import sync
from jobs.runner import run_queued_jobs
from tests.conftest import _empty_tables, build_app
from tests.integration_ui.conftest import SANDBOX_PASSWORD, SANDBOX_USER
from webapp.extensions import db
from webapp.models import Integration
from webapp.queues import get_queue

HX = {"HX-Request": "true"}
PHONES = {"phone_1": "home", "phone_2": "", "phone_3": ""}
PAGES = [("/actionkit/settings", {}), ("/actionkit/settings", HX), ("/actionkit/fields/new", {}),
         ("/actionkit/fields/new", HX)]


def _stats(sandbox):
    response = requests.get(sandbox.url("/_sandbox/stats"), auth=sandbox.auth, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()["requests"]


def _create_userfield(sandbox, name):
    response = requests.post(sandbox.url("/rest/v1/alloweduserfield/"), json={"name": name},
                             auth=sandbox.auth, timeout=5)
    assert response.status_code == 201, response.text


def test_pages_send_no_request_to_actionkit(auth_client, connected, sandbox):
    before = _stats(sandbox)
    for path, headers in PAGES:
        response = auth_client.get(path, headers=headers)
        assert response.status_code == 200 and "favorite_issue" in response.get_data(as_text=True), path
    assert _stats(sandbox) == before  # the sandbox counts REST requests, not its own stats


@pytest.fixture
def own_sandbox():
    """A sandbox this test may stop (the module's shared one must keep running)."""
    handle = start_sandbox(users=5, seed=3, username=SANDBOX_USER, password=SANDBOX_PASSWORD, records_per_minute=0)
    yield handle
    handle.stop()


def test_pages_render_the_stored_names_while_actionkit_is_stopped(auth_client, own_sandbox):
    sync.connect_instance(own_sandbox.base_url, SANDBOX_USER, SANDBOX_PASSWORD)
    db.session.commit()
    own_sandbox.stop()
    for path, headers in PAGES:
        response = auth_client.get(path, headers=headers)
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and 'value="sms_opt_in"' in body, path
        assert "Could not" not in body and "userfields-notice" not in body, path
    saved = auth_client.post("/actionkit/settings", data={"opt_in_field": "sms_opt_in", **PHONES})
    assert saved.status_code == 302
    assert db.session.scalar(db.select(Integration)).opt_in_field == "sms_opt_in"


def test_settings_shows_the_list_and_when_it_was_fetched(auth_client, connected):
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    fetched = connected.allowed_userfields_fetched_at
    assert f'datetime="{fetched.isoformat()}Z"' in body and fetched.strftime("%Y-%m-%d %H:%M") in body
    assert 'id="userfield-names"' in body and "<code>favorite_issue</code>" in body
    assert 'id="refresh-userfields"' in body


def test_refresh_queues_a_job_that_updates_the_page(app, auth_client, connected, sandbox):
    _create_userfield(sandbox, "kb_refreshed_field")
    before = _stats(sandbox)
    response = auth_client.post("/actionkit/userfields/refresh", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "in the background" in body
    assert "kb_refreshed_field" not in body  # the request itself never asked ActionKit
    assert _stats(sandbox) == before
    assert [job.func_name for job in get_queue().get_jobs()] == ["jobs.sync.userfields.run_refresh_userfields"]
    run_queued_jobs(app)
    db.session.expire_all()
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert "<code>kb_refreshed_field</code>" in body
    dialog = auth_client.get("/actionkit/fields/new", headers=HX).get_data(as_text=True)
    assert 'value="kb_refreshed_field"' in dialog


def test_a_failed_refresh_is_shown_and_the_list_kept(app, auth_client, connected):
    connected.hostname = "http://127.0.0.1:9"  # nothing listens: ActionKit is down
    db.session.commit()
    app.config["ACTIONKIT_MAX_RETRIES"] = 0
    auth_client.post("/actionkit/userfields/refresh")
    run_queued_jobs(app)
    db.session.expire_all()
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert 'id="userfields-error"' in body and "127.0.0.1:9" in body
    assert "<code>favorite_issue</code>" in body


def _forget_userfields(integration):
    integration.allowed_userfields = integration.allowed_userfields_fetched_at = None
    db.session.commit()


def test_never_fetched_pages_say_so_and_other_settings_still_save(auth_client, connected):
    _forget_userfields(connected)
    for path, headers in PAGES:
        body = auth_client.get(path, headers=headers).get_data(as_text=True)
        assert "have not been fetched from ActionKit yet" in body and "#userfields" in body, path
    assert 'id="userfields-never"' in auth_client.get("/actionkit/settings").get_data(as_text=True)
    response = auth_client.post("/actionkit/settings", data={"opt_in_field": "", **PHONES,
                                                             "phone_1": "work", "create_users": "y"})
    assert response.status_code == 302
    integration = db.session.get(Integration, connected.id)
    assert (integration.phone_types, integration.create_users, integration.opt_in_field) == ("work", True, None)


def test_never_fetched_refuses_a_new_opt_in_choice(auth_client, connected):
    _forget_userfields(connected)
    response = auth_client.post("/actionkit/settings", data={"opt_in_field": "sms_opt_in", **PHONES})
    assert response.status_code == 200 and "not an allowed userfield" in response.get_data(as_text=True)
    assert db.session.get(Integration, connected.id).phone_types == "mobile,work,home"


def test_a_stored_opt_in_field_may_stay_while_other_settings_change(auth_client, connected):
    connected.opt_in_field = "old_opt_in"  # chosen earlier; ActionKit no longer lists it
    db.session.commit()
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert 'id="opt-in-missing"' in body
    response = auth_client.post("/actionkit/settings", data={"opt_in_field": "old_opt_in", **PHONES})
    assert response.status_code == 302
    assert db.session.get(Integration, connected.id).phone_types == "home"


def test_refresh_after_deactivation_asks_to_reconnect(auth_client, connected):
    sync.deactivate(connected.id)
    db.session.commit()
    assert 'id="refresh-userfields"' not in auth_client.get("/actionkit/settings").get_data(as_text=True)
    body = auth_client.post("/actionkit/userfields/refresh", follow_redirects=True).get_data(as_text=True)
    assert "reconnect to refresh" in body and get_queue().get_jobs() == []


def test_refresh_needs_the_csrf_token(sandbox):
    app = build_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from webapp.cli.staff import create_or_update_admin
        create_or_update_admin("csrf-refresh@example.org", "correct horse battery")
        sync.connect_instance(sandbox.base_url, SANDBOX_USER, SANDBOX_PASSWORD)
        db.session.commit()
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": "csrf-refresh@example.org", "password": "correct horse battery",
                                    "csrf_token": token})
        assert client.post("/actionkit/userfields/refresh").status_code == 400
        assert get_queue().get_jobs() == []
        page = client.get("/actionkit/settings").get_data(as_text=True)
        form = page.split('action="/actionkit/userfields/refresh"')[1]
        token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/actionkit/userfields/refresh", data={"csrf_token": token}).status_code == 302
        assert len(get_queue().get_jobs()) == 1
        _empty_tables()


def test_refresh_with_the_job_queue_down_says_so(app, auth_client, connected):
    import redis
    from rq import Queue
    working = app.extensions["kitbridge.queue"]
    app.extensions["kitbridge.queue"] = Queue(working.name, connection=redis.Redis(port=9, socket_timeout=2))
    try:
        response = auth_client.post("/actionkit/userfields/refresh", follow_redirects=True)
    finally:
        app.extensions["kitbridge.queue"] = working
    assert response.status_code == 200 and "job queue is unreachable" in response.get_data(as_text=True)
