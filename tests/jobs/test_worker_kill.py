"""SIGKILL a real forking worker and its work horse mid-activation: nothing stays stuck.

Needs a real Redis shared with the worker processes (TEST_REDIS_URL); the database is the suite's
(a SQLite file, or PostgreSQL in CI), and ActionKit is aksandbox over real HTTP with latency.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aksandbox.server import start_sandbox
from jobs import sync
from jobs.locks import is_locked
from jobs.maintenance import LOST_WORKER, RESUMED, recover_runs
from jobs.sync.jobqueue import LOCK_NAME
from tests.conftest import ENCRYPTION_KEY, _empty_tables, build_app
from tests.sync_jobs.conftest import FAST_CLIENT, SEED, SEED_USERS, Raw
from tests.sync_jobs.expect import expected_statuses
from webapp.extensions import db
from webapp.models import AkUser, Member, SyncRun

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"),
                                reason="needs a real Redis shared with worker processes (TEST_REDIS_URL)")
ROOT = Path(__file__).resolve().parents[2]
LEASE = 3
NAMESPACE = "killtest"


@pytest.fixture
def app():
    """The test app with short leases, in the namespace the worker processes use."""
    app = build_app(**FAST_CLIENT, KITBRIDGE_NAMESPACE=NAMESPACE, SYNC_LOCK_LEASE_SECONDS=LEASE)
    with app.app_context():
        yield app
        _empty_tables()


@pytest.fixture
def slow_sandbox():
    """The seeded sandbox answering each request after 300 ms, so an activation takes seconds."""
    handle = start_sandbox(users=SEED_USERS, seed=SEED, records_per_minute=0, latency_ms=300)
    yield handle
    handle.stop()


def worker_env(app):
    """What a `flask worker` process of the same deployment reads from its environment."""
    return {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": os.environ["TEST_REDIS_URL"], "SECRET_KEY": "test-secret",
            "ENCRYPTION_KEY": ENCRYPTION_KEY, "KITBRIDGE_NAMESPACE": NAMESPACE,
            "SYNC_LOCK_LEASE_SECONDS": str(LEASE), "ACTIONKIT_ALLOW_INSECURE": "1",
            "ACTIONKIT_RECORDS_PER_MINUTE": "1000000"}


def start_worker(app, log_path, *extra):
    """A real `flask --app wsgi worker` (forking HerokuWorker) in its own process."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--log-level", "INFO", *extra]
    return subprocess.Popen(command, cwd=ROOT, env=worker_env(app), stdout=log_path.open("ab"),
                            stderr=subprocess.STDOUT)


def run_row(run_id):
    """The run as committed now (a fresh read, holding no lock on SQLite)."""
    db.session.remove()
    return db.session.get(SyncRun, run_id)


def wait_for(probe, timeout):
    """Poll until probe() is truthy; returns its last value."""
    deadline = time.monotonic() + timeout
    while not (value := probe()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def children(pid):
    """Child pids of a process (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def gone(pid):
    """True once the process no longer runs (exited, or a zombie nobody reaped yet)."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" in status.read_text()
    except FileNotFoundError:
        return True


def kill_worker_and_horse(worker):
    """SIGKILL the worker first (so nobody marks the job failed), then its work horse."""
    horses = children(worker.pid)
    assert horses, "the forking worker should be running the job in a work horse"
    worker.send_signal(signal.SIGKILL)
    for horse in horses:
        os.kill(horse, signal.SIGKILL)
    worker.wait(10)
    assert all(wait_for(lambda h=horse: gone(h), 10) for horse in horses)


def activate(sandbox):
    """Connect the sandbox, choose the opt-in field and queue the activation run."""
    integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
    integration.opt_in_field = "sms_opt_in"
    db.session.commit()
    run_id = sync.activate(integration.id)
    db.session.commit()
    return run_id


def assert_linked_as_uninterrupted(raw):
    """Every user has exactly the status and member an uninterrupted activation gives."""
    expected = expected_statuses(raw)
    rows = {row.ak_id: row for row in db.session.scalars(db.select(AkUser))}
    for ak_id, (status, e164) in expected.items():
        if status == "synced":
            assert rows[ak_id].status == "synced" and rows[ak_id].member.phone == e164, ak_id
    synced = sum(1 for status, _ in expected.values() if status == "synced")
    assert db.session.scalar(db.select(db.func.count(Member.id))) == synced
    assert len(rows) == len({row.ak_id for row in rows.values()})  # no user scanned twice


def run_and_kill(app, run_id, log):
    """Start a forking worker, SIGKILL it and its horse once the run has started working."""
    worker = start_worker(app, log)
    try:
        assert wait_for(lambda: run_row(run_id).status == "running", 60), log.read_text()
        kill_worker_and_horse(worker)
    finally:
        worker.kill()


def test_a_killed_cycle_is_failed_and_sync_now_works_again(app, tmp_path):
    handle = start_sandbox(users=SEED_USERS, seed=SEED, records_per_minute=0)
    try:
        activate(handle)
        from jobs.runner import run_queued_jobs
        run_queued_jobs(app)
        Raw(handle).config(latency_ms=1500)  # a cycle of a few requests now lasts seconds
        cycle_id = sync.start_cycle()
        db.session.commit()
        log = tmp_path / "worker.log"
        run_and_kill(app, cycle_id, log)
        assert wait_for(lambda: not is_locked(LOCK_NAME), 2 * LEASE), "the dead holder's lease outlived it"
        next_id = sync.start_cycle()  # "Sync now": the watchdog fails the lost run, the dead job is retired
        db.session.commit()
        assert next_id is not None and next_id != cycle_id
        assert (run_row(cycle_id).status, run_row(cycle_id).error) == ("failed", LOST_WORKER)
        assert start_worker(app, log, "--burst").wait(120) == 0, log.read_text()
        assert run_row(next_id).status == "done", (run_row(next_id).error, log.read_text()[-3000:])
    finally:
        handle.stop()


def test_a_killed_activation_frees_the_lock_and_is_resumed_to_done(app, slow_sandbox, tmp_path):
    run_id = activate(slow_sandbox)
    log = tmp_path / "worker.log"
    first = start_worker(app, log)
    try:
        started = wait_for(lambda: (r := run_row(run_id)).status == "running" and r.work_done > 0, 60)
        assert started, log.read_text()
        kill_worker_and_horse(first)
    finally:
        first.kill()
    assert run_row(run_id).status == "running"  # the dead worker could not say otherwise
    assert wait_for(lambda: not is_locked(LOCK_NAME), 2 * LEASE), "the dead holder's lease outlived it"
    assert recover_runs() == {"repaired": 1, "requeued": 1}
    assert (run_row(run_id).status, run_row(run_id).error) == ("queued", RESUMED)
    second = start_worker(app, log, "--burst")
    assert second.wait(180) == 0, log.read_text()
    run = run_row(run_id)
    assert run.status == "done", (run.error, log.read_text()[-3000:])
    assert_linked_as_uninterrupted(Raw(slow_sandbox))
