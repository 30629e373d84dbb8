"""Lease locks: never overlap, renewed while the work runs, gone within a lease when the holder dies."""
import threading
import time

from jobs.locks import (Lease, cycle_lock, is_locked, lock_key, run_is_alive, run_lease_record)
from webapp.queues import get_redis


def wait_until(predicate, timeout):
    """Poll predicate() until true or the timeout passes; returns its last value."""
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


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


def test_the_default_lease_is_the_configured_one(app):
    app.config["SYNC_LOCK_LEASE_SECONDS"] = 7
    with cycle_lock("sync-cycle") as lock:
        assert lock.ttl == 7
        assert 0 < get_redis().pttl(lock_key("sync-cycle")) <= 7000


def test_the_heartbeat_keeps_a_working_holder_s_lease_past_its_ttl(app):
    with cycle_lock("sync-cycle", ttl=2) as lock:
        time.sleep(5)  # more than two leases: without renewal the key would be gone
        assert is_locked("sync-cycle") and not lock.lost
        with cycle_lock("sync-cycle", ttl=2) as other:
            assert other is None
    assert not is_locked("sync-cycle")


def test_a_dead_holder_s_lease_expires_by_itself(app):
    dead = Lease(get_redis(), lock_key("sync-cycle"), ttl=1)
    assert dead.acquire()  # a process that took the lock, then died: no heartbeat renews it
    with cycle_lock("sync-cycle", ttl=60) as blocked:
        assert blocked is None
    assert wait_until(lambda: not is_locked("sync-cycle"), timeout=3)
    with cycle_lock("sync-cycle", ttl=60) as next_holder:
        assert next_holder is not None


def test_a_lost_lease_is_flagged_and_the_new_holder_s_key_is_kept(app, caplog):
    with cycle_lock("sync-cycle", ttl=1) as lock:
        get_redis().set(lock_key("sync-cycle"), "someone-else")  # expired, then taken over
        assert wait_until(lambda: lock.lost, timeout=3)
    assert get_redis().get(lock_key("sync-cycle")) == b"someone-else"


def test_a_tracked_run_is_alive_exactly_while_its_lease_is_held(app):
    with cycle_lock("sync-cycle", ttl=2, run_id=41) as lock:
        lock.track(42)
        time.sleep(3)  # renewed with the lease
        assert run_is_alive(41) and run_is_alive(42)
    assert not run_is_alive(41) and not run_is_alive(42)
    assert run_lease_record(41) == ""  # leased outside any RQ job
    assert run_lease_record(43) is None


def test_waiting_takes_the_lock_once_the_holder_releases_it(app):
    holder_has_it, release = threading.Event(), threading.Event()

    def hold():
        with app.app_context(), cycle_lock("sync-cycle", ttl=60):
            holder_has_it.set()
            release.wait(5)
    thread = threading.Thread(target=hold)
    thread.start()
    holder_has_it.wait(5)
    seen_alive = []

    def look_then_release():
        with app.app_context():
            seen_alive.append(run_is_alive(9))
        release.set()
    threading.Timer(0.5, look_then_release).start()
    with cycle_lock("sync-cycle", ttl=60, run_id=9, wait=10) as lock:
        assert lock is not None
    thread.join(5)
    assert seen_alive == [True]  # the waiting run counts as alive for the watchdog


def test_waiting_gives_up_after_the_bound_and_clears_the_mark(app):
    with cycle_lock("sync-cycle", ttl=60):
        with cycle_lock("sync-cycle", ttl=60, run_id=9, wait=0.3) as lock:
            assert lock is None
    assert not run_is_alive(9)


def test_explicit_connection(app):
    connection = get_redis()
    with cycle_lock("x", ttl=5, connection=connection) as lock:
        assert lock is not None and is_locked("x", connection=connection)


def test_the_lease_setting_is_read_from_the_environment_and_checked(tmp_path):
    import pytest
    from webapp.config import config_from_env
    assert config_from_env(tmp_path, {})["SYNC_LOCK_LEASE_SECONDS"] == 60
    assert config_from_env(tmp_path, {"SYNC_LOCK_LEASE_SECONDS": "3"})["SYNC_LOCK_LEASE_SECONDS"] == 3
    for bad in ("-5", "0", "abc", "99999"):
        with pytest.raises(ValueError, match="SYNC_LOCK_LEASE_SECONDS must be a whole number"):
            config_from_env(tmp_path, {"SYNC_LOCK_LEASE_SECONDS": bad})
