"""A drain that dies after taking notices loses none of them: the next drain puts them back first."""
import threading
import time

import pytest
from werkzeug.serving import make_server

from jobs.sync import notice_queue
from jobs.sync.notices import run_drain_notices
from tests.pages.conftest import post_action
from tests.webhook.conftest import queued_job_ids, run_jobs, stored_actions
from webapp.actionkit import ActionKitError
from webapp.extensions import db
from webapp.models import AkUser
from webapp.queues import get_redis


def _actions(raw, page, count):
    users = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id).limit(count))
    return [post_action(raw, page.name, user.ak_id)["id"] for user in users]


def test_notices_a_dead_drain_took_are_stored_by_the_next_one(app, raw, synced_page, hook):
    app.config["SYNC_LOCK_LEASE_SECONDS"] = 2
    taken, waiting, later = _actions(raw, synced_page, 3)
    redis = get_redis(app)
    # What a drain killed mid-batch leaves: its batch in the processing list, its flag until the lease ends.
    redis.lpush(notice_queue.processing_key(), taken)
    redis.set(notice_queue.drain_flag_key(), 1, ex=2)
    assert hook(data={"action_id": str(waiting)}).status_code == 202
    assert queued_job_ids(app) == []  # the flag says a drain is on its way: the notice waits for it
    time.sleep(2.1)  # the dead drain's flag expires with its lease
    assert hook(data={"action_id": str(later)}).status_code == 202
    assert len(queued_job_ids(app)) == 1
    run_jobs(app)
    rows = stored_actions(source="webhook")
    assert sorted(r.ak_id for r in rows) == sorted([taken, waiting, later])
    assert {r.outcome for r in rows} == {"added"}
    assert notice_queue.backlog() == (0, 0) and not redis.exists(notice_queue.drain_flag_key())


def _serve_again(handle):
    """Bring the stopped sandbox back on the same port with the same data."""
    handle.server = make_server("127.0.0.1", handle.port, handle.app, threaded=True)
    threading.Thread(target=handle.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


def test_a_drain_that_fails_keeps_its_batch_for_the_next(app, raw, synced_page, hook, sandbox):
    (action_id,) = _actions(raw, synced_page, 1)
    assert hook(data={"action_id": str(action_id)}).status_code == 202
    sandbox.server.shutdown()
    sandbox.server.server_close()  # ActionKit unreachable: the drain fails after taking the batch
    with pytest.raises(ActionKitError):
        run_drain_notices()
    db.session.rollback()
    assert notice_queue.backlog() == (0, 1) and stored_actions(source="webhook") == []
    _serve_again(sandbox)
    run_drain_notices()
    assert [(r.ak_id, r.outcome) for r in stored_actions(source="webhook")] == [(action_id, "added")]
    assert notice_queue.backlog() == (0, 0)


def test_the_watchdog_queues_a_drain_for_notices_a_dead_drain_left(app, raw, synced_page):
    from jobs.maintenance import watchdog
    (taken,) = _actions(raw, synced_page, 1)
    redis = get_redis(app)
    redis.lpush(notice_queue.processing_key(), taken)  # a killed drain's batch; its flag already expired
    watchdog()
    assert len(queued_job_ids(app)) == 1
    assert notice_queue.request_drain_if_stranded() is False  # that drain is on its way: no second one
    run_jobs(app)
    assert [(r.ak_id, r.outcome) for r in stored_actions(source="webhook")] == [(taken, "added")]
    assert notice_queue.request_drain_if_stranded() is False  # nothing left


def test_an_action_a_dead_drain_stored_but_never_processed_is_processed_by_the_next(app, raw, synced_page, hook,
                                                                                   connected):
    from jobs.sync.actions import take_actions
    from jobs.sync.context import SyncContext
    (action_id,) = _actions(raw, synced_page, 1)
    action = raw.get(f"/rest/v1/action/{action_id}/")
    assert take_actions(SyncContext.load(connected), [action], "webhook")  # stored, committed, then killed
    db.session.commit()
    assert hook(data={"action_id": str(action_id)}).status_code == 202  # ActionKit (or a replay) tells again
    run_jobs(app)
    assert [(r.ak_id, r.outcome) for r in stored_actions(source="webhook")] == [(action_id, "added")]


def test_with_both_drain_ids_running_a_notice_is_left_to_them(app, hook):
    from rq.job import JobStatus
    queue = notice_queue.get_queue()
    for job_id in notice_queue.drain_job_ids():  # two drains running (one finishing, one waiting for the lease)
        queue.enqueue(run_drain_notices, job_id=job_id).set_status(JobStatus.STARTED)
        queue.remove(job_id)
    assert hook(data={"action_id": "7"}).status_code == 202
    assert notice_queue.backlog() == (1, 0) and queue.job_ids == []
