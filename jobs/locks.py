"""Lease locks: short Redis leases a heartbeat renews while the work runs, so no dead worker blocks sync.

    with cycle_lock("sync-cycle", run_id=run.id) as lock:
        if lock is None:
            return "skipped: another run holds the lock"
        ...                      # a heartbeat thread renews the lease every ttl/3

The lease lasts SYNC_LOCK_LEASE_SECONDS (60 s); a holder that dies (SIGKILL, lost dyno) stops
renewing, so its lock is free within one lease. A run tracked by a lease has an "alive" key with
the same lifetime: the watchdog (jobs/maintenance.py) treats a running run without it as lost.
A lease that expires before its heartbeat renews it sets `lost` and logs: another worker may
already hold the lock, and the holder should stop at its next checkpoint.
"""
import threading
import time
import uuid
from contextlib import contextmanager

from flask import current_app
from rq import get_current_job

from jobs import get_job_logger
from webapp.queues import get_redis, redis_key

RUN_JOB_KEEP_SECONDS = 7 * 86400
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"

log = get_job_logger("locks")


def lease_seconds():
    """The configured lease (seconds); tests shorten it to watch expiry happen."""
    return float(current_app.config.get("SYNC_LOCK_LEASE_SECONDS") or 60)


def lock_key(name):
    """The namespaced Redis key of a named lock."""
    return redis_key(None, "lock", name)


def run_alive_key(run_id):
    """Exists while some live process works on (or waits to work on) the run."""
    return redis_key(None, "run", run_id, "alive")


def run_job_key(run_id):
    """The RQ job id that last leased the run ("" outside a job), kept after the lease for the watchdog."""
    return redis_key(None, "run", run_id, "job")


class Lease:
    """One holder's claim on a key, renewed by a daemon thread until released (or the process dies)."""

    def __init__(self, connection, key, ttl):
        """Nothing touches Redis until acquire(); ttl is in seconds (may be fractional in tests)."""
        self.connection, self.key, self.ttl = connection, key, ttl
        self.token = uuid.uuid4().hex
        self.alive_keys = []
        self.lost = False
        self._stop = threading.Event()
        self._thread = None

    @property
    def ttl_ms(self):
        """Redis wants whole milliseconds."""
        return max(int(self.ttl * 1000), 1)

    def acquire(self):
        """Take the key if free (never waits); True when it is ours."""
        return bool(self.connection.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def track(self, run_id):
        """Mark the run alive for as long as this lease lives, and remember which job works on it."""
        key = run_alive_key(run_id)
        self.connection.set(key, self.token, px=self.ttl_ms)
        job = get_current_job()
        self.connection.set(run_job_key(run_id), job.id if job else "", ex=RUN_JOB_KEEP_SECONDS)
        self.alive_keys.append(key)

    def renew(self):
        """Push the expiry one ttl ahead if the key is still ours; otherwise the lease is lost."""
        if self.lost:
            return False
        if not self.connection.eval(_RENEW, 1, self.key, self.token, self.ttl_ms):
            self.lost = True
            log.warning("Lost the lease on %s: it expired before the heartbeat renewed it.", self.key)
            return False
        for key in self.alive_keys:
            self.connection.set(key, self.token, px=self.ttl_ms)
        return True

    def start_heartbeat(self):
        """Renew every ttl/3 on a daemon thread, so a dead process stops renewing with it."""
        self._thread = threading.Thread(target=self._beat, name=f"lease {self.key}", daemon=True)
        self._thread.start()

    def _beat(self):
        """The heartbeat loop; a Redis hiccup is logged and retried on the next beat."""
        while not self._stop.wait(self.ttl / 3):
            try:
                if not self.renew():
                    return
            except Exception:  # noqa: BLE001 - the next beat retries; expiry shows as lost
                log.exception("Could not renew the lease on %s", self.key)

    def release(self):
        """Stop the heartbeat, then delete the key and alive marks if they are still ours."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.ttl)
        for key in [self.key, *self.alive_keys]:
            self.connection.eval(_RELEASE, 1, key, self.token)


def _acquire(lease, wait, run_id):
    """Try now; with wait > 0 poll until then, keeping the waiting run marked alive meanwhile."""
    deadline = time.monotonic() + wait
    waiting_key = run_alive_key(run_id) if run_id is not None else None
    while not lease.acquire():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if waiting_key:
                lease.connection.eval(_RELEASE, 1, waiting_key, lease.token)
            return False
        if waiting_key:
            lease.connection.set(waiting_key, lease.token, px=lease.ttl_ms)
        time.sleep(min(remaining, max(lease.ttl / 3, 0.05), 2.0))
    return True


@contextmanager
def cycle_lock(name, ttl=None, connection=None, run_id=None, wait=0):
    """Yield the held Lease, or None when someone else holds it after `wait` seconds (0: never waits).

    run_id marks that run alive with the lease (lock.track(id) does it for a run made later).
    """
    connection = connection if connection is not None else get_redis()
    lease = Lease(connection, lock_key(name), ttl or lease_seconds())
    if not _acquire(lease, wait, run_id):
        yield None
        return
    try:
        if run_id is not None:
            lease.track(run_id)
        lease.start_heartbeat()
        yield lease
    finally:
        lease.release()


def is_locked(name, connection=None):
    """True while some live process holds the named lock (status pages, tests)."""
    connection = connection if connection is not None else get_redis()
    return bool(connection.exists(lock_key(name)))


def run_is_alive(run_id, connection=None):
    """True while a live process holds (or waits for) a lease for this run."""
    connection = connection if connection is not None else get_redis()
    return bool(connection.exists(run_alive_key(run_id)))


def run_lease_record(run_id, connection=None):
    """None if no lease ever tracked the run, else the RQ job id that did ("" outside a job)."""
    connection = connection if connection is not None else get_redis()
    value = connection.get(run_job_key(run_id))
    return value.decode() if isinstance(value, bytes) else value
