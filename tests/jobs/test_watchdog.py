"""The watchdog: runs whose worker or job is gone are resumed or failed, and never block "Sync now"."""
from datetime import timedelta

from rq.job import JobStatus

from jobs import enqueue
from jobs.locks import cycle_lock, run_job_key
from jobs.maintenance import JOB_LOST, LOST_WORKER, REQUEUED, RESUMED, recover_runs
from jobs.sync.jobqueue import activation_job_id, cycle_job_id
from webapp.extensions import db
from webapp.models import Integration, SyncRun
from webapp.models.base import utcnow
from webapp.queues import get_queue, get_redis
from webapp.secretbox import encrypt


def make_run(kind, status, age=timedelta(minutes=5)):
    """A committed run row created `age` ago."""
    now = utcnow()
    run = SyncRun(kind=kind, status=status, counts={}, created_at=now - age,
                  started_at=now - age if status == "running" else None)
    db.session.add(run)
    db.session.commit()
    return run.id


def dead_job(job_id, run_id, status=JobStatus.STARTED):
    """A job a killed worker left behind in the given status, recorded as the run's lease holder."""
    job = enqueue("jobs.sync.run_activation", run_id, job_id=job_id)
    job.set_status(status)
    get_redis().set(run_job_key(run_id), job.id)
    return job


def reload(run_id):
    db.session.expire_all()
    return db.session.get(SyncRun, run_id)


def test_a_running_activation_whose_lease_is_gone_is_queued_again_and_resumed(app):
    run_id = make_run("activation", "running")
    old = dead_job(activation_job_id(run_id), run_id)
    assert recover_runs() == {"repaired": 1, "requeued": 1}
    run = reload(run_id)
    assert (run.status, run.error) == ("queued", RESUMED)
    job = get_queue().fetch_job(activation_job_id(run_id))
    assert job.get_status() == JobStatus.QUEUED and list(job.args) == [run_id] and job.id == old.id
    assert job.func_name == "jobs.sync.activation.run_activation" and job.id in get_queue().job_ids


def test_a_running_cycle_or_push_whose_lease_is_gone_fails_with_the_reason(app):
    ids = [make_run(kind, "running") for kind in ("cycle", "push")]
    for run_id in ids:
        get_redis().set(run_job_key(run_id), "")  # leased in-process, then the process died
    assert recover_runs() == {"repaired": 2, "requeued": 0}
    for run_id in ids:
        run = reload(run_id)
        assert (run.status, run.error) == ("failed", LOST_WORKER) and run.finished_at is not None


def test_runs_with_a_live_lease_are_left_alone(app):
    running, waiting = make_run("activation", "running"), make_run("activation", "queued")
    with cycle_lock("sync-cycle", run_id=running) as lock, cycle_lock("other", run_id=waiting):
        assert lock is not None
        assert recover_runs() == {"repaired": 0, "requeued": 0}
    assert reload(running).status == "running" and reload(waiting).status == "queued"


def test_a_queued_activation_whose_job_was_lost_is_enqueued_again(app):
    gone, failed = make_run("activation", "queued"), make_run("activation", "queued")
    dead_job(activation_job_id(failed), failed, status=JobStatus.FAILED)
    assert recover_runs() == {"repaired": 2, "requeued": 2}
    for run_id in (gone, failed):
        assert (reload(run_id).status, reload(run_id).error) == ("queued", REQUEUED)
        assert get_queue().fetch_job(activation_job_id(run_id)).get_status() == JobStatus.QUEUED


def test_a_queued_cycle_whose_job_was_lost_is_failed(app):
    run_id = make_run("cycle", "queued")
    assert recover_runs() == {"repaired": 1, "requeued": 0}
    assert (reload(run_id).status, reload(run_id).error) == ("failed", JOB_LOST)


def test_queued_runs_with_a_waiting_job_or_just_created_are_left_alone(app):
    waiting = make_run("activation", "queued")
    enqueue("jobs.sync.run_activation", waiting, job_id=activation_job_id(waiting))
    fresh = make_run("cycle", "queued", age=timedelta(seconds=1))  # its enqueue follows the commit
    assert recover_runs() == {"repaired": 0, "requeued": 0}
    assert reload(waiting).status == reload(fresh).status == "queued"


def test_a_queued_cycle_whose_job_carries_another_run_is_failed(app):
    run_id = make_run("cycle", "queued")
    enqueue("jobs.sync.run_cycle", run_id + 100, job_id=cycle_job_id())
    assert recover_runs()["repaired"] == 1
    assert reload(run_id).status == "failed"


def _active_integration():
    integration = Integration(hostname="http://127.0.0.1:9", username="u", password_encrypted=encrypt("p"),
                              opt_in_field="sms_opt_in", sync_enabled=True)
    db.session.add(integration)
    db.session.commit()
    return integration


def test_an_abandoned_queued_cycle_no_longer_blocks_sync_now(app, auth_client):
    integration = _active_integration()
    stale = make_run("cycle", "queued", age=timedelta(hours=3))
    reload(stale).integration_id = integration.id
    db.session.commit()
    response = auth_client.post("/actionkit/sync", follow_redirects=True)
    assert "Sync started." in response.get_data(as_text=True)
    assert reload(stale).status == "failed"
    newest = db.session.scalar(db.select(SyncRun).order_by(SyncRun.id.desc()).limit(1))
    assert newest.id != stale and newest.status == "queued"
    assert get_queue().fetch_job(cycle_job_id()).args[0] == newest.id
