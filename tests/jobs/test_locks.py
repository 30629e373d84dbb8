"""A cycle never overlaps itself: the second holder is told to skip, at once."""
import time

from jobs.locks import cycle_lock, is_locked
from webapp.queues import get_redis


def test_second_acquisition_is_skipped(app):
    with cycle_lock("sync-cycle", ttl=60) as first:
        assert first is not None
        assert is_locked("sync-cycle")
        with cycle_lock("sync-cycle", ttl=60) as second:
            assert second is None
    assert not is_locked("sync-cycle")


def test_lock_is_released_after_an_error(app):
    try:
        with cycle_lock("sync-cycle", ttl=60):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with cycle_lock("sync-cycle", ttl=60) as again:
        assert again is not None


def test_different_names_do_not_block_each_other(app):
    with cycle_lock("sync-cycle", ttl=60) as a, cycle_lock("push-drain", ttl=60) as b:
        assert a is not None and b is not None


def test_expired_lock_frees_the_name_and_exit_is_quiet(app):
    with cycle_lock("sync-cycle", ttl=1) as lock:
        assert lock is not None
        time.sleep(1.2)  # a crashed holder's lock expires by itself
        with cycle_lock("sync-cycle", ttl=60) as other:
            assert other is not None
    assert not is_locked("sync-cycle")


def test_explicit_connection(app):
    connection = get_redis()
    with cycle_lock("x", ttl=5, connection=connection) as lock:
        assert lock is not None and is_locked("x", connection=connection)
