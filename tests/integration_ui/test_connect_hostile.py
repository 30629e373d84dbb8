"""The connect form and CLI against hostile answers and a switch to another instance (items 8 and 11c)."""
import pytest
import requests

from aksandbox.server import start_sandbox
from tests.actionkit.recorder import Recorder
from tests.integration_ui.conftest import SANDBOX_PASSWORD, SANDBOX_USER, add_ak_user
from webapp.extensions import db
from webapp.models import AkUser, Integration


def _config(sandbox, **changes):
    response = requests.patch(sandbox.url("/_sandbox/config"), json=changes, auth=sandbox.auth, timeout=5)
    assert response.status_code == 200, response.text


@pytest.fixture
def fault(sandbox):
    """Set a sandbox fault mode for one test; always switched off afterwards."""
    yield lambda mode, host="": _config(sandbox, fault_mode=mode, fault_host=host)
    _config(sandbox, fault_mode="", fault_host="")


def _connect(client, hostname, **extra):
    data = dict({"hostname": hostname, "username": SANDBOX_USER, "password": SANDBOX_PASSWORD}, **extra)
    return client.post("/actionkit/connect", data=data)


@pytest.mark.parametrize("mode, words", [("html", "an HTML page instead of JSON"),
                                         ("truncated_json", "could not be decoded"),
                                         ("not_an_object", "expected a JSON object")])
def test_connect_form_shows_a_malformed_answer_instead_of_a_500(auth_client, sandbox, fault, mode, words):
    fault(mode)
    response = _connect(auth_client, sandbox.base_url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="connect-error"' in body
    assert "did not answer like ActionKit" in body and words in body
    assert db.session.scalar(db.select(Integration)) is None


def test_connect_form_refuses_a_redirect_and_sends_nothing_to_its_target(auth_client, sandbox, fault):
    with Recorder() as other:
        fault("redirect", other.origin)
        body = _connect(auth_client, sandbox.base_url).get_data(as_text=True)
    assert f"redirect to {other.origin}/rest/v1/user/" in body
    assert "does not follow redirects with your credentials" in body
    assert other.requests == [] and db.session.scalar(db.select(Integration)) is None


@pytest.fixture
def other():
    """A second ActionKit instance accepting the same staff login."""
    handle = start_sandbox(users=10, seed=31, username=SANDBOX_USER, password=SANDBOX_PASSWORD, records_per_minute=0)
    yield handle
    handle.stop()


def test_switch_while_syncing_is_refused_on_the_page(auth_client, connected, other):
    connected.sync_enabled = True
    add_ak_user(connected, 5, member_id=None)
    db.session.commit()
    body = _connect(auth_client, other.base_url).get_data(as_text=True)
    assert "Turn Sync Accounts off first" in body
    assert db.session.scalar(db.select(Integration)).hostname == connected.hostname


def test_switch_asks_for_confirmation_then_clears(auth_client, connected, other):
    add_ak_user(connected, 5)
    add_ak_user(connected, 6)
    db.session.commit()
    body = _connect(auth_client, other.base_url).get_data(as_text=True)
    assert 'id="connect-switch"' in body and 'name="confirm_switch"' in body
    assert "2 scanned ActionKit users" in body and "Members, groups and their data are kept." in body
    assert SANDBOX_PASSWORD not in body
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == 2
    response = _connect(auth_client, other.base_url, confirm_switch="1")
    assert response.status_code == 302
    assert db.session.scalar(db.select(Integration)).hostname == other.base_url
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == 0


def test_cli_switch_needs_yes(runner, connected, other):
    add_ak_user(connected, 7)
    db.session.commit()
    args = ["actionkit", "connect", "--hostname", other.base_url, "--username", SANDBOX_USER,
            "--password", SANDBOX_PASSWORD]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "1 scanned ActionKit users" in result.output and "--yes" in result.output
    assert db.session.scalar(db.select(Integration)).hostname == connected.hostname
    result = runner.invoke(args=[*args, "--yes"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Integration)).hostname == other.base_url
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == 0
