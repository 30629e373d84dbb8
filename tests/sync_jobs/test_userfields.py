"""Allowed userfields: fetched at connect within a short total limit, refreshed by every cycle and by the job."""

import pytest

from jobs import sync
from jobs.sync.client import build_client, limiter_for
from jobs.sync.context import SyncContext
from jobs.sync.deadline import Deadline, DeadlinePassed
from jobs.sync.userfields import refresh_allowed_userfields, run_refresh_userfields
from tests.sync_jobs.conftest import run_jobs
from webapp.extensions import db
from webapp.models import Integration, SyncRun
from webapp.queues import get_queue

DEAD_PORT = "http://127.0.0.1:9"  # nothing listens: connection refused, like a stopped ActionKit


class FakeClock:
    """A clock tests move by hand; sleeping advances it instead of waiting."""

    def __init__(self):
        self.now, self.slept = 100.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_deadline_cuts_timeouts_and_sleeps_to_the_time_left():
    clock = FakeClock()
    deadline = Deadline(20, clock=clock, sleep=clock.sleep)
    assert deadline.cap((5, 10)) == (5, 10)
    clock.now += 16
    assert deadline.cap((5, 10)) == (4, 4) and deadline.cap(None) == 4
    deadline.sleep(300)  # a Retry-After of five minutes
    assert clock.slept == [4] and deadline.passed
    with pytest.raises(DeadlinePassed, match="20 s limit"):
        deadline.cap((5, 10))


def test_connect_to_a_hung_host_stops_at_the_total_limit(app, silent_server):
    app.config["ACTIONKIT_CONNECT_SECONDS"] = 1
    with pytest.raises(sync.ConnectError, match="did not answer within 1 seconds"):
        sync.connect_instance(silent_server, "u", "p")
    assert db.session.scalar(db.select(Integration)) is None


def test_connect_does_not_wait_while_a_scan_holds_the_rate_budget(app, sandbox):
    app.config.update(ACTIONKIT_CONNECT_SECONDS=1, ACTIONKIT_RECORDS_PER_MINUTE=5)
    assert limiter_for(sandbox.base_url).try_acquire(5)  # a busy scan spent the whole window
    with pytest.raises(sync.ConnectError, match="using ActionKit's rate limit"):
        sync.connect_instance(sandbox.base_url, *sandbox.auth)
    assert db.session.scalar(db.select(Integration)) is None


def _create_userfield(raw, name):
    response = raw.session.post(raw.handle.url("/rest/v1/alloweduserfield/"), json={"name": name}, timeout=10)
    assert response.status_code == 201, response.text


def test_every_cycle_refreshes_the_stored_userfields(app, raw, activated, connected):
    before = db.session.get(Integration, connected.id).allowed_userfields_fetched_at
    assert "kb_cycle_new" not in connected.userfield_names
    _create_userfield(raw, "kb_cycle_new")
    run_id = sync.run_cycle()
    db.session.expire_all()
    assert db.session.get(SyncRun, run_id).status == "done"
    integration = db.session.get(Integration, connected.id)
    assert "kb_cycle_new" in integration.userfield_names
    assert integration.allowed_userfields_fetched_at >= before


def test_a_failed_refresh_keeps_the_list_and_says_why(app, connected):
    stored = list(connected.userfield_names)
    client = build_client(DEAD_PORT, "u", "p", max_retries=0)
    refresh_allowed_userfields(SyncContext(connected, [], client=client))  # a cycle step never raises
    assert connected.userfield_names == stored and stored
    assert "127.0.0.1" in connected.allowed_userfields_error


def test_refresh_job_stores_the_new_list_and_clears_an_old_failure(app, raw, connected):
    connected.allowed_userfields_error = "earlier failure"
    db.session.commit()
    _create_userfield(raw, "kb_job_new")
    sync.queue_userfields_refresh(connected.id)
    sync.queue_userfields_refresh(connected.id)  # pressed twice: queued once
    assert len(get_queue().get_jobs()) == 1
    run_jobs(app)
    integration = db.session.get(Integration, connected.id)
    assert "kb_job_new" in integration.userfield_names and integration.allowed_userfields_error is None


def test_refresh_job_after_deactivation_records_why(app, connected):
    stored = list(connected.userfield_names)
    sync.deactivate(connected.id)
    db.session.commit()
    assert run_refresh_userfields(connected.id) is None
    db.session.expire_all()
    integration = db.session.get(Integration, connected.id)
    assert integration.userfield_names == stored and "connect the instance again" in integration.allowed_userfields_error
