"""Connecting an ActionKit instance: validate the hostname, verify live, store encrypted, defaults.

The live check runs while staff wait on the page, so it has a short total time limit (Deadline):
no long retries, no waiting out 429s, and at most that long for the shared rate budget. It also
fetches the allowed userfields, which Settings and "+ Add field" then read from the database.

Connecting a different instance than the stored one is refused while Sync Accounts is on, and
otherwise clears the old instance's sync state (reconnect.py) only after staff confirm it."""
import ipaddress
import re
import socket
from urllib.parse import urlparse

from flask import current_app

from webapp.actionkit import (ActionKitError, AuthError, ConnectionFailed, RateLimited, RateLimitTimeout,
                              UnsafeRedirect)
from webapp.extensions import db
from webapp.models import FieldMapping, Integration
from webapp.secretbox import encrypt
from webapp.store.integration import get_integration
from webapp.store.webhook_token import new_token
from webapp.rules import CORE_FIELDS, DEFAULT_OPTIONS

from jobs.sync.client import build_client
from jobs.sync.deadline import Deadline
from jobs.sync.reconnect import clear_instance_state, old_instance_state
from jobs.sync.userfields import fetch_allowed_userfields, store_allowed_userfields

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
LOOPBACK_NAMES = ("localhost",)
VERIFY_TIMEOUT = (5, 10)  # (connect, read) per request, further cut to the time the check has left
VERIFY_SECONDS = 20  # default total limit of the whole check (ACTIONKIT_CONNECT_SECONDS overrides it)


class ConnectError(Exception):
    """Connecting failed; the message is written for staff and shown as is."""


class ConfirmSwitch(ConnectError):
    """Connecting another instance would clear the old one's sync state: staff must confirm first."""

    def __init__(self, old_hostname, new_hostname, state):
        """Keep what would be cleared (`.lines`) so the page and the CLI can list it."""
        self.old_hostname, self.new_hostname, self.lines = old_hostname, new_hostname, state.lines()
        super().__init__(f"{new_hostname} is a different ActionKit instance than {old_hostname}. Connecting it "
                         f"clears {old_hostname}'s sync state: " + "; ".join(self.lines) + ". Members, groups "
                         "and their data are kept. Confirm to connect the new instance.")


def normalize_base_url(hostname):
    """Turn 'x.actionkit.com' or 'https://x.actionkit.com/' into the base URL we store, or raise."""
    text = (hostname or "").strip()
    if not text:
        raise ConnectError("Enter the ActionKit hostname, e.g. yourgroup.actionkit.com.")
    url = urlparse(text if "://" in text else f"https://{text}")
    insecure_ok = bool(current_app.config.get("ACTIONKIT_ALLOW_INSECURE"))
    if url.scheme not in ("https", "http") or (url.scheme == "http" and not insecure_ok):
        raise ConnectError("The ActionKit address must start with https://.")
    if url.path not in ("", "/") or url.query or url.username or not url.hostname:
        raise ConnectError("Enter just the hostname (e.g. yourgroup.actionkit.com), without a path.")
    _check_host(url.hostname, insecure_ok)
    if not insecure_ok:
        _check_resolves_public(url.hostname)
    return f"{url.scheme}://{url.netloc.lower()}"


def _check_resolves_public(host, resolve=socket.getaddrinfo):
    """A public name that points at a private address would let staff reach internal services."""
    try:
        addresses = {info[4][0] for info in resolve(host, 443, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return  # unresolvable: the live verification reports "could not reach"
    for text in addresses:
        if not ipaddress.ip_address(text.split("%")[0]).is_global:
            raise ConnectError(f"{host!r} points at a private or local address ({text}); "
                               "use the instance's public hostname.")


def _check_host(host, insecure_ok):
    """Public DNS names only, unless ACTIONKIT_ALLOW_INSECURE allows loopback (dev and tests)."""
    host = host.lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None or host in LOOPBACK_NAMES:
        if insecure_ok and (host in LOOPBACK_NAMES or address.is_loopback):
            return
        raise ConnectError("Use the instance's public DNS name (e.g. yourgroup.actionkit.com), not an IP "
                           "address or a local name.")
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise ConnectError(f"{host!r} is not a valid public hostname.")
    if labels[-1] in ("local", "localhost", "internal", "lan", "home", "test", "invalid"):
        raise ConnectError(f"{host!r} is not a public hostname.")


def _verify_client(base_url, username, password, deadline):
    """A client that gives up at the deadline: one retry at most, no 429 patience, a bounded budget wait."""
    client = build_client(base_url, username, password, max_retries=1, timeout=VERIFY_TIMEOUT,
                          rate_patience=0, session=deadline.session())
    client.transport.sleep = deadline.sleep  # a Retry-After of minutes must not hold the page
    if client.transport.limiter is not None:
        client.transport.limiter.max_wait = deadline.seconds  # a busy scan may hold the shared budget
    return client


def verify(base_url, username, password):
    """Prove the login works and fetch the allowed userfields within the time limit; return their names."""
    deadline = Deadline(current_app.config.get("ACTIONKIT_CONNECT_SECONDS") or VERIFY_SECONDS)
    client = _verify_client(base_url, username, password, deadline)
    try:
        client.verify_credentials()
        return fetch_allowed_userfields(client)
    except ConnectionFailed as exc:
        if deadline.passed:
            raise ConnectError(f"{base_url} did not answer within {deadline.seconds:g} seconds. Check the "
                               "hostname, or try again in a minute.") from None
        raise ConnectError(f"Could not reach {base_url}: {exc.message}. Check the hostname.") from None
    except RateLimitTimeout:
        raise ConnectError("Another sync run is using ActionKit's rate limit right now; try again in a "
                           "minute.") from None
    except ActionKitError as exc:
        raise _staff_error(base_url, exc) from None
    finally:
        client.close()


def _staff_error(base_url, exc):
    """The ConnectError sentence for an ActionKit answer that is not a success."""
    if isinstance(exc, AuthError):
        return ConnectError("ActionKit rejected that username or password (or the account lacks API access).")
    if isinstance(exc, UnsafeRedirect):
        return ConnectError(f"{exc.message}. Enter the instance's exact https:// hostname.")
    if isinstance(exc, RateLimited):
        return ConnectError("ActionKit is rate limiting requests right now (429); wait a minute and try again.")
    return ConnectError(f"{base_url} did not answer like ActionKit: {exc}")


def ensure_core_mappings(integration):
    """Create the default mapping of each core field that has none yet."""
    have = set(db.session.scalars(db.select(FieldMapping.member_field)
                                  .filter_by(integration_id=integration.id)))
    for name, ak_field in CORE_FIELDS.items():
        if name not in have:
            db.session.add(FieldMapping(integration_id=integration.id, member_field=name,
                                        ak_field=ak_field, is_userfield=False,
                                        option=DEFAULT_OPTIONS[name].value))
    db.session.flush()


def _switching(integration, base_url):
    """True when the stored integration points at another instance than `base_url`."""
    return integration is not None and integration.hostname != base_url


def refuse_switch_while_syncing(integration, base_url):
    """Jobs hold the old instance's ids while Sync Accounts is on: switching then is refused outright."""
    if _switching(integration, base_url) and integration.sync_enabled:
        raise ConnectError(f"Sync Accounts is on for {integration.hostname}. Turn Sync Accounts off first, "
                           f"then connect {base_url}.")


def switch_instance(integration, base_url, confirmed):
    """ConfirmSwitch until staff confirm, then clear the old instance's sync state."""
    if not _switching(integration, base_url):
        return
    state = old_instance_state(integration)
    if state.any() and not confirmed:
        raise ConfirmSwitch(integration.hostname, base_url, state)
    clear_instance_state(integration, base_url)


def connect_instance(hostname, username, password, confirm_switch=False):
    """Validate, verify live, then store the (encrypted) credentials; the caller commits.

    The same hostname (e.g. a new password) keeps everything; another instance goes through
    switch_instance. The one documented exception to "views never call ActionKit": the connect
    view calls this synchronously so staff learn at once whether the credentials work.
    """
    base_url = normalize_base_url(hostname)
    if not (username or "").strip() or not password:
        raise ConnectError("Enter the ActionKit staff username and password.")
    existing = get_integration()
    refuse_switch_while_syncing(existing, base_url)
    userfields = verify(base_url, username.strip(), password)
    switch_instance(existing, base_url, confirm_switch)
    integration = existing or Integration(hostname=base_url)
    integration.hostname, integration.username = base_url, username.strip()
    integration.password_encrypted = encrypt(password)
    integration.webhook_token = integration.webhook_token or new_token()
    store_allowed_userfields(integration, userfields)
    db.session.add(integration)
    db.session.flush()
    ensure_core_mappings(integration)
    return integration
