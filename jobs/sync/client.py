"""Building the ActionKit client for the integration: decrypted password, shared Redis limiter."""
from flask import current_app

from webapp.actionkit import ActionKitClient, RecordLimiter
from webapp.actionkit.paging import total_count
from webapp.queues import get_redis
from webapp.secretbox import decrypt


class NotConnected(Exception):
    """The integration has no stored credentials (never connected, or deactivated)."""


def rate_window_seconds():
    """ActionKit's rate-limit window: the limiter's span and how long a 429 waits (60 s; tests shorten it)."""
    return int(current_app.config.get("ACTIONKIT_RATE_WINDOW_SECONDS") or 60)


def limiter_for(base_url):
    """The records-per-window limiter every worker shares through Redis for this instance."""
    client_host = base_url.split("://", 1)[-1].rstrip("/")
    rate = int(current_app.config.get("ACTIONKIT_RECORDS_PER_MINUTE") or 1000)
    return RecordLimiter.redis(get_redis(), client_host, rate, window_seconds=rate_window_seconds())


def build_client(base_url, username, password, on_wait=None, **overrides):
    """A client with the app's timeout/retry/rate settings and the shared limiter.

    `on_wait(message_or_None)` hears "waiting for ActionKit's rate limit" while the client waits
    for the rate window, and None once a request succeeds again (for a run's progress display)."""
    config = current_app.config
    options = {"timeout": config.get("ACTIONKIT_TIMEOUT", (5, 30)),
               "max_retries": config.get("ACTIONKIT_MAX_RETRIES", 5),
               "backoff_base": config.get("ACTIONKIT_BACKOFF_BASE", 0.5),
               "backoff_cap": config.get("ACTIONKIT_BACKOFF_CAP", 30),
               "rate_window": rate_window_seconds(),
               "rate_patience": float(config.get("ACTIONKIT_RATE_LIMIT_PATIENCE") or 300),
               "on_wait": on_wait}
    if config.get("ACTIONKIT_RATE_LIMIT", True):
        options["limiter"] = limiter_for(base_url)
    options.update(overrides)
    return ActionKitClient(base_url, username, password, **options)


def client_for(integration, on_wait=None, **overrides):
    """The client for the stored integration (on_wait as in build_client); NotConnected after deactivation."""
    if not integration.password_encrypted:
        raise NotConnected("ActionKit credentials are not stored; connect the instance again.")
    return build_client(integration.hostname, integration.username,
                        decrypt(integration.password_encrypted), on_wait=on_wait, **overrides)


def count_phones(client, types):
    """How many phones of the chosen types exist (one request): the initial scan's work."""
    return total_count(client.transport, "phone", {"type__in": ",".join(types)})
