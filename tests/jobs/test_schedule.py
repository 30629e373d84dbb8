"""Periodic jobs register idempotently under hash ids (Redash's four cases, on fakeredis)."""
from datetime import timedelta
from unittest import mock

import pytest

from jobs.schedule import (PERIODIC_JOBS, PeriodicJob, job_id, make_scheduler,
                           periodic_job_definitions, schedule_periodic_jobs)
from webapp.queues import get_queue


def foo():
    """A periodic job body."""


def bar():
    """Another periodic job body."""


@pytest.fixture
def scheduler(app):
    """rq-scheduler on the test app's Redis."""
    return make_scheduler(app)


def _jobs(scheduler):
    return list(scheduler.get_jobs())


def test_schedules_a_new_job(scheduler):
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    jobs = _jobs(scheduler)
    assert len(jobs) == 1
    assert jobs[0].func_name.endswith("foo")
    assert jobs[0].meta["interval"] == 60


def test_doesnt_reschedule_an_existing_job(scheduler):
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    with mock.patch.object(scheduler, "schedule") as schedule:
        added, removed = schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    schedule.assert_not_called()
    assert (added, removed) == ([], [])
    assert len(_jobs(scheduler)) == 1


def test_reschedules_a_modified_job(scheduler):
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 120}])
    jobs = _jobs(scheduler)
    assert len(jobs) == 1
    assert jobs[0].func_name.endswith("foo")
    assert jobs[0].meta["interval"] == 120


def test_removes_jobs_that_are_no_longer_defined(scheduler):
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}, {"func": bar, "interval": 90}])
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    jobs = _jobs(scheduler)
    assert len(jobs) == 1
    assert jobs[0].func_name.endswith("foo")
    assert jobs[0].meta["interval"] == 60


def test_one_off_scheduled_jobs_are_left_alone(scheduler):
    one_off = scheduler.enqueue_in(timedelta(minutes=5), bar)
    schedule_periodic_jobs(scheduler, [{"func": foo, "interval": 60}])
    assert one_off.id in scheduler


def test_scheduler_heals_an_entry_whose_job_hash_was_deleted(app):
    definitions = [{"func": foo, "interval": 60}]
    scheduler = make_scheduler(app, definitions=definitions)
    schedule_periodic_jobs(scheduler, definitions)
    key = job_id(definitions[0])
    scheduler.job_class.fetch(key, connection=scheduler.connection).delete()  # e.g. a queue cleanup
    scheduler.enqueue_jobs()  # the poll finds the orphan id, re-adds it, and it is due at once
    assert key in get_queue().job_ids and key in scheduler


def test_ids_are_stable_and_change_with_the_definition():
    assert job_id({"func": "jobs.x.y", "interval": 60}) == job_id({"interval": 60, "func": "jobs.x.y"})
    assert job_id({"func": "jobs.x.y", "interval": 60}) != job_id({"func": "jobs.x.y", "interval": 61})
    assert job_id({"func": foo, "interval": 60}) == job_id({"func": f"{__name__}.foo", "interval": 60})


def test_definitions_resolve_config_intervals(app):
    registry = PERIODIC_JOBS + (PeriodicJob("jobs.example.tick", "SYNC_INTERVAL_SECONDS", (7,)),)
    definitions = periodic_job_definitions(registry=registry)
    assert definitions[0]["func"] == "jobs.maintenance.prune_finished_runs"
    assert definitions[-1] == {"func": "jobs.example.tick", "interval": 600, "args": [7], "timeout": 600}
    app.config["SYNC_INTERVAL_SECONDS"] = 300
    assert periodic_job_definitions(registry=registry)[-1]["interval"] == 300


def test_flask_scheduler_burst_registers_and_moves_due_jobs(app, runner):
    definitions = periodic_job_definitions()
    expected = {job_id(definition) for definition in definitions}
    result = runner.invoke(args=["scheduler", "--burst", "--interval", "1"])
    assert result.exit_code == 0, result.output
    assert f"{len(definitions)} added, 0 removed" in result.output
    assert set(get_queue().job_ids) == expected  # due at once: moved to the queue
    scheduler = make_scheduler(app)
    assert all(key in scheduler for key in expected)  # and back in the schedule for the next interval
    again = runner.invoke(args=["scheduler", "--burst", "--interval", "1"])
    assert f"0 added, 0 removed, {len(definitions)} scheduled" in again.output
    assert set(get_queue().job_ids) == expected  # not yet due again: nothing new queued


@pytest.mark.parametrize("interval", ["-5", "0", "0.5", "86400", "soon"])
def test_flask_scheduler_refuses_absurd_intervals(app, runner, interval):
    result = runner.invoke(args=["scheduler", "--burst", "--interval", interval])
    assert result.exit_code == 2
    assert "Invalid value for '--interval'" in result.output
    assert len(get_queue()) == 0 and make_scheduler(app).count() == 0  # nothing registered


def test_the_watchdog_runs_every_half_minute(app):
    definitions = periodic_job_definitions()
    assert {"func": "jobs.maintenance.watchdog", "interval": 30, "args": [], "timeout": 60} in definitions
