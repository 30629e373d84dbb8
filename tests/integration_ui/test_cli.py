"""`flask actionkit ...`: each command against a live aksandbox; errors are one line and non-zero."""
import json

import pytest

from tests.integration_ui.conftest import SANDBOX_PASSWORD, SANDBOX_USER
from webapp.extensions import db
from webapp.models import AkUser, FieldMapping, Integration, SyncRun


def run(runner, *args):
    return runner.invoke(args=["actionkit", *args])


def assert_one_line_error(result, text):
    assert result.exit_code != 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and text in lines[0], result.output


def _connect(runner, sandbox, password=SANDBOX_PASSWORD):
    return run(runner, "connect", "--hostname", sandbox.base_url, "--username", SANDBOX_USER,
               "--password", password)


def test_connect(runner, sandbox):
    result = _connect(runner, sandbox)
    assert result.exit_code == 0, result.output
    assert "Connected to" in result.output and SANDBOX_PASSWORD not in result.output
    assert db.session.scalar(db.select(Integration)).password_encrypted


def test_connect_wrong_password(runner, sandbox):
    assert_one_line_error(_connect(runner, sandbox, password="nope"), "rejected that username or password")


def test_connect_refuses_http_when_insecure_not_allowed(app, runner):
    app.config["ACTIONKIT_ALLOW_INSECURE"] = False
    result = run(runner, "connect", "--hostname", "http://act.example.org", "--username", "u",
                 "--password", "p")
    assert_one_line_error(result, "https://")


def test_commands_need_a_connection(runner):
    assert_one_line_error(run(runner, "settings", "--phone-types", "mobile"), "No ActionKit instance")
    assert_one_line_error(run(runner, "activate"), "No ActionKit instance")


def test_settings(runner, connected):
    result = run(runner, "settings", "--opt-in-field", "sms_opt_in", "--phone-types", "home,mobile",
                 "--create-users", "on")
    assert result.exit_code == 0, result.output
    assert "phone types: home,mobile" in result.output and "create users: on" in result.output
    integration = db.session.get(Integration, connected.id)
    assert (integration.opt_in_field, integration.phone_types, integration.create_users) == \
        ("sms_opt_in", "home,mobile", True)


@pytest.mark.parametrize("args, text", [
    (["--phone-types", "mobile,mobile"], "only once"),
    (["--phone-types", "fax"], "Unknown phone type"),
    (["--opt-in-field", "nope"], "not an allowed userfield"),
])
def test_settings_validation(runner, connected, args, text):
    assert_one_line_error(run(runner, "settings", *args), text)


def test_map_core_and_custom_fields(runner, connected, custom_field):
    result = run(runner, "map", "city", "--option", "two_way")
    assert result.exit_code == 0, result.output
    result = run(runner, "map", "Favorite issue", "--userfield", "favorite_issue", "--option",
                 "populate_overwrite_member")
    assert result.exit_code == 0, result.output
    result = run(runner, "map", "favorite issue", "--option", "One-way, overwrite ActionKit")
    assert result.exit_code == 0, result.output
    options = {(m.member_field, m.custom_field_id): m.option for m in db.session.scalars(db.select(FieldMapping))}
    assert options[("city", None)] == "two_way"
    assert options[(None, custom_field.id)] == "one_way_to_actionkit"


@pytest.mark.parametrize("args, text", [
    (["email", "--option", "two_way"], "not allowed"),
    (["city", "--option", "sometimes"], "unknown sync option"),
    (["city", "--userfield", "x", "--option", "populate"], "core field"),
    (["Nope", "--option", "populate"], "No core field or custom field"),
    (["Favorite issue", "--userfield", "not_there", "--option", "populate"], "not an allowed userfield"),
    (["Favorite issue", "--option", "populate"], "give --userfield"),
])
def test_map_errors(runner, connected, custom_field, args, text):
    assert_one_line_error(run(runner, "map", *args), text)


def test_activate_refused_with_reasons(runner, connected):
    assert_one_line_error(run(runner, "activate"), "opt-in userfield")


def test_activate_queues_without_wait(runner, connected):
    run(runner, "settings", "--opt-in-field", "sms_opt_in")
    result = run(runner, "activate", "--yes")
    assert result.exit_code == 0 and "queued" in result.output
    assert db.session.scalar(db.select(SyncRun)).status == "queued"


def test_activate_wait_sync_wait_status_and_deactivate(runner, connected):
    run(runner, "settings", "--opt-in-field", "sms_opt_in")
    result = run(runner, "activate", "--wait", "--yes")
    assert result.exit_code == 0, result.output
    assert "done" in result.output
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) > 0
    result = run(runner, "sync", "--wait")
    assert result.exit_code == 0, result.output
    status = json.loads(run(runner, "status", "--json").output)
    assert set(status) >= {"active", "users", "members", "outbox", "last_run"}
    assert status["active"] is True
    assert set(status["users"]) >= {"total", "synced", "by_status"}
    assert status["users"]["total"] == 40 and status["users"]["synced"] > 0
    assert set(status["outbox"]) >= {"pending", "failed"}
    readable = run(runner, "status").output
    assert "Sync Accounts: on" in readable and "synced /" in readable
    result = run(runner, "deactivate")
    assert result.exit_code == 0 and "erased" in result.output
    db.session.expire_all()
    assert db.session.get(Integration, connected.id).password_encrypted is None
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) > 0
    assert_one_line_error(run(runner, "sync"), "Sync Accounts is off")


def test_status_json_before_connecting(runner):
    status = json.loads(run(runner, "status", "--json").output)
    assert status["active"] is False and status["users"]["total"] == 0


def test_unexpected_failures_are_one_line(runner, monkeypatch):
    from webapp.cli import actionkit_status as actionkit

    def broken():
        raise RuntimeError("redis is down\nsecond line")
    monkeypatch.setattr(actionkit, "status_summary", broken)
    assert_one_line_error(run(runner, "status", "--json"), "RuntimeError: redis is down second line")


def _rest_requests(sandbox):
    import requests
    return requests.get(sandbox.url("/_sandbox/stats"), auth=sandbox.auth, timeout=5).json()["requests"]


def test_userfields_prints_the_stored_list_without_asking_actionkit(runner, connected, sandbox):
    before = _rest_requests(sandbox)
    result = run(runner, "userfields")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == connected.userfield_names and "sms_opt_in" in result.stdout
    assert "fetched" in result.stderr
    assert run(runner, "settings", "--opt-in-field", "sms_opt_in").exit_code == 0
    assert _rest_requests(sandbox) == before


def test_userfields_refresh_fetches_and_stores_the_new_list(runner, connected, sandbox):
    import requests
    created = requests.post(sandbox.url("/rest/v1/alloweduserfield/"), json={"name": "kb_cli_new"},
                            auth=sandbox.auth, timeout=5)
    assert created.status_code == 201, created.text
    assert "kb_cli_new" not in run(runner, "userfields").stdout
    result = run(runner, "userfields", "--refresh")
    assert result.exit_code == 0, result.output
    assert "kb_cli_new" in result.stdout.splitlines()
    assert "kb_cli_new" in db.session.get(Integration, connected.id).userfield_names


def test_userfields_never_fetched_and_refresh_failures_are_one_line(app, runner, connected):
    connected.allowed_userfields = connected.allowed_userfields_fetched_at = None
    db.session.commit()
    assert_one_line_error(run(runner, "userfields"), "never fetched; run with --refresh")
    assert_one_line_error(run(runner, "settings", "--opt-in-field", "sms_opt_in"), "userfields --refresh")
    connected.hostname = "http://127.0.0.1:9"  # ActionKit down
    db.session.commit()
    app.config["ACTIONKIT_MAX_RETRIES"] = 0
    assert_one_line_error(run(runner, "userfields", "--refresh"), "Could not refresh the ActionKit userfields")
