"""Settings pane: shared validation, save, activation refused with problems, status, deactivation."""
import pytest

from tests.integration_ui.conftest import add_ak_user
from webapp.extensions import db
from webapp.models import AkUser, FieldMapping, Integration, PushOutbox, SyncRun
from webapp.store.integration_settings import SettingsError, apply_settings, parse_phone_types


def _save(client, **overrides):
    data = {"opt_in_field": "sms_opt_in", "phone_1": "mobile", "phone_2": "work", "phone_3": "home"}
    data.update(overrides)
    return client.post("/actionkit/settings", data=data)


@pytest.mark.parametrize("value, expected", [
    ("mobile,work,home", ["mobile", "work", "home"]), (["home", "mobile"], ["home", "mobile"]),
    (" Work ", ["work"]),
])
def test_parse_phone_types_keeps_order(value, expected):
    assert parse_phone_types(value) == expected


@pytest.mark.parametrize("value", ["mobile,mobile", "mobile,fax", ["work", "", "work"]])
def test_parse_phone_types_refuses(value):
    with pytest.raises(SettingsError):
        parse_phone_types(value)


def test_apply_settings_validates_everything_before_writing(app, connected):
    with pytest.raises(SettingsError):
        apply_settings(connected, ["sms_opt_in"], opt_in_field="nope", phone_types="home")
    assert connected.phone_types == "mobile,work,home"


def test_settings_page_shows_defaults_and_problems(auth_client, connected):
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert '<option selected value="mobile">' in body or 'value="mobile" selected' in body
    assert "sms_opt_in" in body  # allowed userfields offered for opt-in
    assert 'id="activation-problems"' in body and "opt-in userfield" in body


def test_webhook_url_is_shown_and_answers(auth_client, connected):
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert f"/webhooks/actionkit/{connected.webhook_token}" in body and "Webhook" in body
    assert auth_client.post(f"/webhooks/actionkit/{connected.webhook_token}").status_code == 202


def test_save_settings(auth_client, connected):
    response = _save(auth_client, phone_1="work", phone_2="home", phone_3="", create_users="y")
    assert response.status_code == 302
    integration = db.session.get(Integration, connected.id)
    assert (integration.opt_in_field, integration.phone_types, integration.create_users) == \
        ("sms_opt_in", "work,home", True)
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert 'id="activation-problems"' not in body


@pytest.mark.parametrize("overrides, message", [
    ({"phone_2": "mobile"}, "only once"),
    ({"opt_in_field": "not_a_userfield"}, "not an allowed userfield"),
    ({"opt_in_field": ""}, "Choose the opt-in userfield"),
])
def test_invalid_settings_are_refused(auth_client, connected, overrides, message):
    response = _save(auth_client, **overrides)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.get(Integration, connected.id).opt_in_field is None


def test_activation_refused_with_problems_listed(auth_client, connected):
    db.session.execute(db.delete(FieldMapping).where(FieldMapping.member_field == "zip"))
    db.session.commit()
    response = auth_client.post("/actionkit/activate", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Sync Accounts was not turned on" in body
    assert "opt-in userfield" in body and "zip" in body
    assert not db.session.get(Integration, connected.id).sync_enabled


def _turn_on(app, client):
    """Turn sync on as staff do: the preview (a job, run here), then the activation confirming its rewrites."""
    from jobs.runner import run_queued_jobs
    client.post("/actionkit/preview")
    run_queued_jobs(app)
    db.session.expire_all()
    preview = db.session.scalar(db.select(SyncRun).filter_by(kind="preview"))
    return client.post("/actionkit/activate", data={"confirm_preview": str(preview.id)}, follow_redirects=True)


def test_activation_starts_a_run_and_status_polls(app, auth_client, connected):
    _save(auth_client)
    response = _turn_on(app, auth_client)
    assert "Sync Accounts is on" in response.get_data(as_text=True)
    run = db.session.scalar(db.select(SyncRun).filter_by(kind="activation"))
    assert run.kind == "activation" and run.status == "queued"
    fragment = auth_client.get("/actionkit/status", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'hx-trigger="load delay:1s"' in text and 'hx-swap="outerHTML"' in text
    assert "HX-Request" in fragment.headers["Vary"]


def test_status_shows_progress_and_stops_polling_when_done(auth_client, connected):
    run = SyncRun(integration_id=connected.id, kind="activation", status="running", work_total=200,
                  work_done=50)
    db.session.add(run)
    add_ak_user(connected, 1, "synced")
    add_ak_user(connected, 2, "no_phone")
    db.session.commit()
    text = auth_client.get("/actionkit/status", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<progress id="run-progress"' in text and 'max="200"' in text and 'value="50"' in text
    assert 'id="synced-count">1<' in text and 'id="total-count">2<' in text
    run.status, run.work_done = "done", 200
    db.session.commit()
    text = auth_client.get("/actionkit/status", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in text and 'value="200"' in text and "100%" in text


def test_deactivate_confirms_then_erases_credentials_and_keeps_data(app, auth_client, connected):
    _save(auth_client)
    assert "Sync Accounts is on" in _turn_on(app, auth_client).get_data(as_text=True)
    add_ak_user(connected, 5, "synced", email="kept@example.org")
    db.session.commit()
    dialog = auth_client.get("/actionkit/deactivate", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<dialog" in dialog and "erases the ActionKit credentials" in dialog
    response = auth_client.post("/actionkit/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    integration = db.session.get(Integration, connected.id)
    assert integration.password_encrypted is None and not integration.sync_enabled
    assert db.session.scalar(db.select(AkUser)).email == "kept@example.org"
    assert db.session.scalar(db.select(db.func.count(FieldMapping.id))) == 6
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert "Erased" in body and "Reconnect" in body


def test_failed_pushes_listed_with_retry(auth_client, connected, monkeypatch):
    from jobs import sync
    from webapp.models import Member
    member = Member(phone="+15555550100")
    db.session.add(member)
    db.session.flush()
    push = PushOutbox(member_id=member.id, changes={"city": "Reno"}, status="failed", last_error="HTTP 400")
    db.session.add(push)
    db.session.commit()
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert "1 push failed" in body and "HTTP 400" in body
    calls = []
    monkeypatch.setattr(sync, "retry_push", calls.append)
    response = auth_client.post(f"/actionkit/outbox/{push.id}/retry")
    assert response.status_code == 302 and calls == [push.id]


def test_status_says_when_a_run_waits_for_the_rate_limit(auth_client, connected):
    from jobs.sync import runs
    run = SyncRun(integration_id=connected.id, kind="cycle", status="running", work_total=10, work_done=5)
    db.session.add(run)
    db.session.commit()
    report = runs.wait_reporter(run.id)
    report("waiting for ActionKit's rate limit")
    text = auth_client.get("/actionkit/status", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Waiting for ActionKit" in text, text
    report(None)
    text = auth_client.get("/actionkit/status", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "rate limit" not in text


def test_the_eta_follows_the_record_budget_not_an_early_burst(app, connected):
    from datetime import timedelta
    from webapp.models import utcnow
    from webapp.store.sync_status import progress
    app.config.update(ACTIONKIT_RATE_LIMIT=True, ACTIONKIT_RECORDS_PER_MINUTE=600, ACTIONKIT_RATE_WINDOW_SECONDS=60)
    run = SyncRun(integration_id=connected.id, kind="activation", status="running", work_total=7000,
                  work_done=1000, started_at=utcnow() - timedelta(seconds=10))  # a burst: 100 records a second
    assert progress(run)["eta_seconds"] == 600  # 6,000 records left at 10 a second, not 60 s
