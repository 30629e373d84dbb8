"""connect_instance: hostname rules, live verification with clear errors, stored secrets and defaults."""
import socket

import pytest

from jobs import sync
from jobs.sync.connect import normalize_base_url
from webapp.extensions import db
from webapp.models import FieldMapping
from webapp.secretbox import decrypt


def test_connect_stores_encrypted_password_defaults_and_token(app, sandbox, raw):
    integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
    db.session.commit()
    assert integration.hostname == sandbox.base_url
    assert integration.password_encrypted != sandbox.auth[1]
    assert decrypt(integration.password_encrypted) == sandbox.auth[1]
    assert len(integration.webhook_token) >= 40
    mappings = {m.member_field: m.option for m in db.session.scalars(db.select(FieldMapping))}
    assert mappings == {f: "populate" for f in ("first_name", "last_name", "email", "city", "state", "zip")}
    listed = sorted(field["name"] for field in raw.all("alloweduserfield"))
    assert "sms_opt_in" in listed and integration.allowed_userfields == listed
    assert integration.allowed_userfields_fetched_at is not None and integration.allowed_userfields_error is None


def test_wrong_password_is_a_clear_error(app, sandbox):
    with pytest.raises(sync.ConnectError, match="username or password"):
        sync.connect_instance(sandbox.base_url, sandbox.auth[0], "wrong")


def test_unreachable_host_is_a_clear_error(app):
    with pytest.raises(sync.ConnectError, match="Could not reach"):
        sync.connect_instance("http://127.0.0.1:9", "u", "p")


@pytest.mark.parametrize("hostname, message", [
    ("http://example.actionkit.com", "https"),
    ("https://10.0.0.5", "public DNS name"),
    ("https://localhost", "public DNS name"),
    ("https://intranet", "not a valid public hostname"),
    ("https://x.actionkit.com/admin/", "without a path"),
    ("", "Enter the ActionKit hostname"),
])
def test_hostname_rules_without_insecure_mode(app, hostname, message):
    app.config["ACTIONKIT_ALLOW_INSECURE"] = False
    with pytest.raises(sync.ConnectError, match=message):
        normalize_base_url(hostname)


def test_bare_hostname_means_https(app):
    app.config["ACTIONKIT_ALLOW_INSECURE"] = False
    assert normalize_base_url("Roots.ActionKit.com") == "https://roots.actionkit.com"


def test_public_name_resolving_to_a_private_address_is_refused(app):
    from jobs.sync.connect import _check_resolves_public
    fake = lambda host, port, proto: [(2, 1, 6, "", ("10.1.2.3", port))]  # noqa: E731
    with pytest.raises(sync.ConnectError, match="private or local address"):
        _check_resolves_public("act.example.org", resolve=fake)
    public = lambda host, port, proto: [(2, 1, 6, "", ("93.184.216.34", port))]  # noqa: E731
    assert _check_resolves_public("act.example.org", resolve=public) is None


def test_unresolvable_name_is_left_to_the_live_check(app):
    from jobs.sync.connect import _check_resolves_public

    def fail(host, port, proto):
        raise socket.gaierror("no DNS here")
    assert _check_resolves_public("act.example.org", resolve=fail) is None
