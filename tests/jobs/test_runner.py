"""Jobs run on the app's queue, each inside a fresh app context, and can use the database."""
import logging
import os
from datetime import timedelta

import pytest
from flask import current_app
from rq.job import JobStatus

from jobs import CurrentJobFilter, enqueue
from jobs.maintenance import LOST_WORKER, prune_finished_runs, watchdog
from jobs.runner import AppSimpleWorker, build_worker, run_queued_jobs
from webapp.extensions import db
from webapp.models import SyncEvent, SyncRun
from webapp.models.base import utcnow
from webapp.queues import get_queue


def report_context():
    """Job body: which app context and session it ran in."""
    from flask.globals import app_ctx
    return {"ctx": id(app_ctx._get_current_object()), "session": id(db.session()),
            "runs": db.session.scalar(db.select(db.func.count(SyncRun.id)))}


def stamp_log_record():
    """Job body: what the job logger filter stamps on a record."""
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    CurrentJobFilter().filter(record)
    return record.job_id, record.job_func_name


def add(a, b):
    """Job body with arguments."""
    return a + b


def _seed_runs():
    """Old finished, long stuck (no lease), fresh running (no lease yet) and fresh finished runs."""
    now = utcnow()
    old = SyncRun(kind="cycle", status="finished", created_at=now - timedelta(days=31))
    stuck = SyncRun(kind="cycle", status="running", created_at=now - timedelta(hours=3),
                    started_at=now - timedelta(hours=3))
    running = SyncRun(kind="cycle", status="running", created_at=now, started_at=now - timedelta(minutes=5))
    fresh = SyncRun(kind="push", status="finished", created_at=now - timedelta(days=2))
    db.session.add_all([old, stuck, running, fresh])
    db.session.flush()
    db.session.add(SyncEvent(run_id=old.id, direction="to_member", field="city", new_value="Troy"))
    db.session.commit()
    return {"old": old.id, "stuck": stuck.id, "running": running.id, "fresh": fresh.id}


def _assert_pruned(ids):
    """The old run is gone (its event kept, unlinked), the stuck one failed, the rest untouched."""
    db.session.expire_all()
    assert db.session.get(SyncRun, ids["old"]) is None
    stuck = db.session.get(SyncRun, ids["stuck"])
    assert (stuck.status, stuck.error) == ("failed", LOST_WORKER) and stuck.finished_at is not None
    assert db.session.get(SyncRun, ids["running"]).status == "running"
    assert db.session.get(SyncRun, ids["fresh"]).status == "finished"
    assert db.session.scalars(db.select(SyncEvent)).one().run_id is None


def test_job_runs_in_a_fresh_app_context(app):
    outer_session = db.session()  # alive during the job, so an equal id() really means the same object
    job = enqueue(report_context)
    assert run_queued_jobs(app)
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    result = job.return_value()
    from flask.globals import app_ctx
    assert result["ctx"] != id(app_ctx._get_current_object())
    assert result["session"] != id(outer_session)
    assert result["runs"] == 0


def test_maintenance_jobs_prune_and_mark_lost_runs(app):
    ids = _seed_runs()
    prune, lost = enqueue(prune_finished_runs), enqueue(watchdog)
    run_queued_jobs(app)
    for job in (prune, lost):
        job.refresh()
        assert job.get_status() == JobStatus.FINISHED, job.latest_result().exc_string
    assert prune.return_value() == {"deleted": 1}
    assert lost.return_value() == {"repaired": 1, "requeued": 0, "texts_in_doubt": 0}
    _assert_pruned(ids)


def test_enqueue_refuses_orm_objects(app):
    run = SyncRun(kind="cycle")
    with pytest.raises(TypeError, match="ids and primitives"):
        enqueue(add, run, 1)
    with pytest.raises(TypeError):
        enqueue(add, 1, b={"run": run})


def test_enqueue_reuses_a_live_job_with_the_same_id(app):
    first = enqueue(add, 1, 2, job_id="sum-1-2")
    second = enqueue(add, 1, 2, job_id="sum-1-2")
    assert first.id == second.id and len(get_queue()) == 1
    run_queued_jobs(app)
    third = enqueue(add, 1, 2, job_id="sum-1-2")  # finished: a new run is queued
    assert len(get_queue()) == 1 and third.get_status() == JobStatus.QUEUED


def test_job_logger_stamps_job_id_and_function(app):
    job = enqueue(stamp_log_record)
    run_queued_jobs(app)
    job_id, func_name = job.return_value()
    assert job_id == job.id and func_name.endswith("stamp_log_record")


def test_build_worker_defaults_to_the_forking_heroku_worker(app):
    from rq.worker import HerokuWorker
    assert isinstance(build_worker(app), HerokuWorker)
    assert isinstance(build_worker(app, simple=True), AppSimpleWorker)
    assert build_worker(app).connection is get_queue().connection


def test_flask_worker_simple_burst_runs_queued_jobs(app, runner):
    job = enqueue(add, 2, 3)
    result = runner.invoke(args=["worker", "--burst", "--simple", "--log-level", "WARNING"])
    assert result.exit_code == 0, result.output
    assert "Worked on jobs." in result.output
    job.refresh()
    assert job.return_value() == 5


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs a real Redis (TEST_REDIS_URL)")
def test_flask_worker_burst_forks_and_uses_the_database(app, runner):
    ids = _seed_runs()
    db.session.remove()  # the parent must hold no connection a forked horse could share
    enqueue(watchdog)
    job = enqueue(prune_finished_runs)
    result = runner.invoke(args=["worker", "--burst", "--log-level", "WARNING"])
    assert result.exit_code == 0, result.output
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    _assert_pruned(ids)
    assert current_app.extensions["kitbridge.redis"].ping()


def test_interrupted_runs_are_failed_with_a_reason(app):
    from jobs.maintenance import fail_interrupted_runs
    ids = _seed_runs()
    queued = SyncRun(kind="activation", status="queued")
    db.session.add(queued)
    db.session.commit()
    assert fail_interrupted_runs() == 3  # two running + one queued
    db.session.expire_all()
    for run_id in (ids["stuck"], ids["running"], queued.id):
        run = db.session.get(SyncRun, run_id)
        assert run.status == "failed" and "restarted" in run.error and run.finished_at is not None
    assert db.session.get(SyncRun, ids["fresh"]).status == "finished"
