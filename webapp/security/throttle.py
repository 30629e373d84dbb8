"""Failed sign-ins counted per client address in Redis, so guessing across many accounts is slowed too."""
from flask import current_app, request

from webapp.queues import get_redis

KEY_PREFIX = "kitbridge:login-failures:"


def _key():
    """One counter per client address (behind a proxy, set PROXY_FIX_X_FOR so this is the real client)."""
    return KEY_PREFIX + (request.remote_addr or "unknown")


def _redis_call(action):
    """Run a Redis call; if Redis is down, sign-in still works (account lockout still applies)."""
    try:
        return action(get_redis())
    except Exception as exc:  # noqa: BLE001 - a throttle outage must not lock every staff user out
        current_app.logger.warning("login throttle unavailable: %s", type(exc).__name__)
        return None


def client_is_throttled():
    """True once this address has failed LOGIN_THROTTLE_MAX_FAILURES times within the window."""
    count = _redis_call(lambda redis: redis.get(_key()))
    return count is not None and int(count) >= current_app.config["LOGIN_THROTTLE_MAX_FAILURES"]


def record_client_failure():
    """Count one failure; the window starts at the first failure and then expires on its own."""
    window = current_app.config["LOGIN_THROTTLE_WINDOW_SECONDS"]

    def count(redis):
        """Create the counter with its expiry if new (works on any Redis), then INCR, in one round trip."""
        pipe = redis.pipeline()
        pipe.set(_key(), 0, ex=window, nx=True)
        pipe.incr(_key())
        return pipe.execute()
    _redis_call(count)
