"""Two deployments sharing one Redis never block or eat each other's locks, queues, jobs or schedules."""
import fakeredis
import pytest

from jobs import enqueue
from jobs.locks import cycle_lock, is_locked
from jobs.runner import build_worker
from jobs.schedule import make_scheduler, schedule_periodic_jobs
from jobs.sync.jobqueue import activation_job_id, cycle_job_id
from tests.conftest import app_config
from webapp import create_app
from webapp.queues import get_namespace, get_queue, redis_key


def tick():
    """A periodic job body."""


@pytest.fixture
def two_apps():
    """Two apps with different namespaces on ONE Redis server."""
    shared = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    return [create_app(app_config(KITBRIDGE_NAMESPACE=name), redis=shared) for name in ("north", "south")]


def test_locks_of_two_namespaces_do_not_block_each_other(two_apps):
    north, south = two_apps
    with north.app_context(), cycle_lock("sync-cycle", ttl=60) as held:
        assert held is not None
        with south.app_context():
            assert not is_locked("sync-cycle")
            with cycle_lock("sync-cycle", ttl=60) as other:
                assert other is not None
        with cycle_lock("sync-cycle", ttl=60) as same:
            assert same is None


def test_queues_and_job_ids_are_per_namespace(two_apps):
    north, south = two_apps
    assert get_queue(north).name != get_queue(south).name
    for app in two_apps:
        with app.app_context():
            enqueue("jobs.sync.run_activation", 1, job_id=activation_job_id(1))
            enqueue("jobs.sync.run_cycle", 1, job_id=cycle_job_id())
    for app in two_apps:
        assert len(get_queue(app)) == 2  # run 1 of each deployment kept its own job
        assert build_worker(app).queue_names() == [get_queue(app).name]


def test_schedulers_of_two_namespaces_keep_their_own_entries(two_apps):
    north, south = two_apps
    schedulers = {}
    for app in two_apps:
        with app.app_context():
            schedulers[app] = make_scheduler(app)
            schedule_periodic_jobs(schedulers[app], [{"func": tick, "interval": 60}])
    with north.app_context():  # a changed list in one deployment cancels only its own stale entries
        schedule_periodic_jobs(schedulers[north], [{"func": tick, "interval": 120}])
    assert [job.meta["interval"] for job in schedulers[south].get_jobs()] == [60]
    assert [job.meta["interval"] for job in schedulers[north].get_jobs()] == [120]
    assert schedulers[north].scheduler_lock_key != schedulers[south].scheduler_lock_key


def test_the_default_namespace_follows_the_database_url():
    redis = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    a1, a2 = (create_app(app_config(SQLALCHEMY_DATABASE_URI="sqlite:////tmp/a.db"), redis=redis) for _ in "12")
    b = create_app(app_config(SQLALCHEMY_DATABASE_URI="sqlite:////tmp/b.db"), redis=redis)
    assert get_namespace(a1) == get_namespace(a2) != get_namespace(b)
    assert redis_key(a1, "lock", "x") == f"kitbridge:{get_namespace(a1)}:lock:x"


def test_a_bad_namespace_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="KITBRIDGE_NAMESPACE must be 1-40 letters"):
        create_app(app_config(KITBRIDGE_NAMESPACE="two words"), redis=fakeredis.FakeRedis())
