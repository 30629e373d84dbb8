"""SIGKILL a real forking worker mid-drain: the notices it took are stored by the next drain, once each.

Needs a real Redis shared with the worker processes (TEST_REDIS_URL), as tests/jobs/test_worker_kill.py.
"""
import os

import pytest

from jobs.maintenance import watchdog
from jobs.sync import notice_queue
from tests.conftest import _empty_tables, build_app
from tests.jobs.test_worker_kill import LEASE, NAMESPACE, kill_worker_and_horse, start_worker, wait_for
from tests.sync_jobs.conftest import FAST_CLIENT
from tests.webhook.conftest import stored_actions
from tests.webhook.test_drain_recovery import _actions
from webapp.queues import get_redis

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"),
                                reason="needs a real Redis shared with worker processes (TEST_REDIS_URL)")


@pytest.fixture
def app():
    """The test app with short leases, in the namespace the worker processes use."""
    app = build_app(**FAST_CLIENT, KITBRIDGE_NAMESPACE=NAMESPACE, SYNC_LOCK_LEASE_SECONDS=LEASE)
    with app.app_context():
        yield app
        _empty_tables()


def test_a_worker_killed_mid_drain_loses_and_doubles_nothing(app, raw, synced_page, hook, tmp_path):
    action_ids = _actions(raw, synced_page, 5)
    raw.config(latency_ms=2000)  # ActionKit answers slowly, so the kill lands while the batch is being fetched
    for action_id in action_ids:
        assert hook(data={"action_id": str(action_id)}).status_code == 202
    log = tmp_path / "worker.log"
    worker = start_worker(app, log)
    try:
        assert wait_for(lambda: notice_queue.backlog() == (0, 5), 60), log.read_text()
        kill_worker_and_horse(worker)
    finally:
        worker.kill()
    assert stored_actions(source="webhook") == []
    raw.config(latency_ms=0)
    assert wait_for(lambda: not get_redis(app).exists(notice_queue.drain_flag_key()), LEASE + 5)
    watchdog()  # the scheduler runs it every 30 s; it sees the stranded batch and queues a drain
    worker = start_worker(app, log)
    try:
        assert wait_for(lambda: len(stored_actions(source="webhook", outcome="added")) == 5, 60), log.read_text()
    finally:
        worker.kill()
    assert sorted(r.ak_id for r in stored_actions(source="webhook")) == sorted(action_ids)
    assert notice_queue.backlog() == (0, 0)
