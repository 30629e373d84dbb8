"""The app's ActionKit client against an https sandbox: certificate verification on, loopback still refused."""
import pytest
import requests

from aksandbox.server import start_sandbox
from jobs import sync
from jobs.sync.client import build_client, client_for
from tests.aksandbox.certs import make_pair
from webapp.extensions import db


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A throwaway certificate for localhost and 127.0.0.1."""
    return make_pair(tmp_path_factory.mktemp("tls-app"))


@pytest.fixture
def https_sandbox(pair):
    """A seeded sandbox serving https with that certificate."""
    handle = start_sandbox(users=40, seed=9, records_per_minute=0, tls_cert=pair.cert, tls_key=pair.key)
    yield handle
    handle.stop()


def _localhost_url(handle):
    """The sandbox by name, as staff would type it (the certificate names localhost)."""
    return f"https://localhost:{handle.port}"


def test_connect_and_sync_reads_over_verified_https(app, https_sandbox, pair, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", pair.cert)
    integration = sync.connect_instance(_localhost_url(https_sandbox), *https_sandbox.auth)
    db.session.commit()
    assert integration.hostname == _localhost_url(https_sandbox)
    with client_for(integration) as client:
        emails = [user["email"] for user in client.iter_users()]
        new_id = client.create_user({"email": "https-made@example.org"})
    assert len(emails) == 40
    assert https_sandbox.store.db.scalar("SELECT email FROM users WHERE id = ?", (new_id,)) == "https-made@example.org"


def test_client_with_a_session_trusting_the_certificate(app, https_sandbox, pair):
    session = requests.Session()
    session.trust_env = False  # a REQUESTS_CA_BUNDLE in the environment would otherwise beat session.verify
    session.verify = pair.cert
    with build_client(https_sandbox.base_url, *https_sandbox.auth, session=session) as client:
        assert client.count_users() == 40
        assert client.create_user({"email": "session-made@example.org"}) > 40


def test_an_untrusted_certificate_is_refused_with_a_clear_error(app, https_sandbox, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(sync.ConnectError, match="TLS/SSL handshake failed"):
        sync.connect_instance(_localhost_url(https_sandbox), *https_sandbox.auth)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_outside_insecure_mode_a_loopback_https_sandbox_is_still_refused(app, https_sandbox, pair, host,
                                                                          monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", pair.cert)
    app.config["ACTIONKIT_ALLOW_INSECURE"] = False
    with pytest.raises(sync.ConnectError, match="public DNS name"):
        sync.connect_instance(f"https://{host}:{https_sandbox.port}", *https_sandbox.auth)
    assert https_sandbox.state.stats.requests == 0  # refused before any request reached the sandbox
