"""Connect: live verification against aksandbox, clear errors, https-only hosts, no password echo."""

import pytest

from tests.conftest import _empty_tables, build_app
from tests.integration_ui.conftest import SANDBOX_PASSWORD, SANDBOX_USER
from webapp.extensions import db
from webapp.models import FieldMapping, Integration
from webapp.secretbox import decrypt

AREA_PAGES = ["/actionkit/", "/actionkit/connect", "/actionkit/settings", "/actionkit/fields",
              "/actionkit/users", "/actionkit/status", "/actionkit/deactivate", "/actionkit/fields/new"]


@pytest.mark.parametrize("path", AREA_PAGES + ["/actionkit/users.csv"])
def test_every_page_requires_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.location


def _connect(client, hostname, password=SANDBOX_PASSWORD, username=SANDBOX_USER):
    return client.post("/actionkit/connect", data={"hostname": hostname, "username": username,
                                                   "password": password})


def test_connect_page_before_connecting(auth_client):
    assert auth_client.get("/actionkit/").location.endswith("/actionkit/connect")
    body = auth_client.get("/actionkit/connect").get_data(as_text=True)
    assert "Connect your ActionKit instance" in body and 'type="password"' in body


def test_connect_success_stores_encrypted_password_and_core_mappings(auth_client, sandbox):
    response = _connect(auth_client, sandbox.base_url)
    assert response.status_code == 302 and response.location.endswith("/actionkit/settings")
    integration = db.session.scalar(db.select(Integration))
    assert integration.username == SANDBOX_USER
    assert SANDBOX_PASSWORD not in integration.password_encrypted
    assert decrypt(integration.password_encrypted) == SANDBOX_PASSWORD
    core = {m.member_field: m.option for m in db.session.scalars(db.select(FieldMapping))}
    assert core == {name: "populate" for name in ("first_name", "last_name", "email", "city", "state", "zip")}


def test_wrong_password_is_refused_with_a_clear_message(auth_client, sandbox):
    body = _connect(auth_client, sandbox.base_url, password="not-the-password").get_data(as_text=True)
    assert 'role="alert"' in body and "rejected that username or password" in body
    assert "not-the-password" not in body
    assert db.session.scalar(db.select(Integration)) is None


def test_unknown_host_is_refused(auth_client):
    body = _connect(auth_client, "https://kitbridge-no-such-host.example").get_data(as_text=True)
    assert "Could not reach" in body
    assert db.session.scalar(db.select(Integration)) is None


def test_timeout_is_reported(auth_client, silent_server, monkeypatch):
    import jobs.sync.connect as connect_module
    real = connect_module.build_client
    monkeypatch.setattr(connect_module, "build_client",
                        lambda *a, **kw: real(*a, **dict(kw, timeout=(0.3, 0.3), max_retries=0)))
    body = _connect(auth_client, silent_server).get_data(as_text=True)
    assert "timeout" in body.lower() and "Could not reach" in body


@pytest.mark.parametrize("hostname", ["http://act.example.org", "https://127.0.0.1:8443",
                                      "https://localhost"])
def test_insecure_hosts_refused_unless_allowed(hostname):
    app = build_app(ACTIONKIT_ALLOW_INSECURE=False)
    with app.app_context():
        from webapp.cli.staff import create_or_update_admin
        create_or_update_admin("strict@example.org", "correct horse battery")
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "strict@example.org", "password": "correct horse battery"})
        body = _connect(client, hostname).get_data(as_text=True)
        assert 'id="connect-error"' in body
        assert db.session.scalar(db.select(Integration)) is None
        _empty_tables()


def test_prefill_from_embedded_mode_never_renders_the_password(app, auth_client, sandbox):
    app.config["ACTIONKIT_PREFILL"] = {"hostname": sandbox.base_url, "username": SANDBOX_USER,
                                       "password": SANDBOX_PASSWORD}
    body = auth_client.get("/actionkit/connect").get_data(as_text=True)
    assert sandbox.base_url in body and SANDBOX_USER in body and SANDBOX_PASSWORD not in body
    response = auth_client.post("/actionkit/connect", data={"hostname": sandbox.base_url,
                                                            "username": SANDBOX_USER, "password": ""})
    assert response.status_code == 302


def test_password_required_without_prefill(auth_client, sandbox):
    body = _connect(auth_client, sandbox.base_url, password="").get_data(as_text=True)
    assert "Enter the staff password." in body


def test_password_never_appears_in_any_page(auth_client, connected, custom_field):
    mapping = db.session.scalar(db.select(FieldMapping).limit(1))
    for path in AREA_PAGES + [f"/actionkit/fields/{mapping.id}", "/actionkit/users.csv"]:
        for headers in ({}, {"HX-Request": "true"}):
            body = auth_client.get(path, headers=headers).get_data(as_text=True)
            assert SANDBOX_PASSWORD not in body, path
            assert connected.password_encrypted not in body, path
