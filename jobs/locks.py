"""Redis locks so a periodic cycle never overlaps itself, across any number of workers.

    with cycle_lock("sync-cycle", ttl=900) as lock:
        if lock is None:
            return "skipped: another cycle is running"
        ...                      # long steps may call lock.extend(ttl) to keep it
"""
from contextlib import contextmanager

from redis.exceptions import LockError

from webapp.queues import get_redis

KEY_PREFIX = "kitbridge:lock:"


@contextmanager
def cycle_lock(name, ttl, connection=None):
    """Yield the held lock, or None at once when someone else holds it (never waits).

    The ttl bounds how long a crashed holder can block the next cycle; the lock is
    released on exit, and a lock that already expired is not an error.
    """
    connection = connection if connection is not None else get_redis()
    lock = connection.lock(KEY_PREFIX + name, timeout=ttl, blocking=False)
    if not lock.acquire():
        yield None
        return
    try:
        yield lock
    finally:
        _release_quietly(lock)


def _release_quietly(lock):
    """Release if still ours; after expiry another holder may own the key, so leave it."""
    try:
        lock.release()
    except LockError:
        pass


def is_locked(name, connection=None):
    """True while some process holds the named lock (status pages, tests)."""
    connection = connection if connection is not None else get_redis()
    return bool(connection.exists(KEY_PREFIX + name))
