"""The shared records-per-minute limiter on fakeredis (and real Redis when TEST_REDIS_URL is set)."""
import os
import threading
import time

import fakeredis
import pytest

from webapp.actionkit import RateLimitTimeout, RecordLimiter

from .conftest import redis_backends


@pytest.fixture(params=redis_backends())
def redis_pair(request):
    """Two independent client objects on one Redis server, as two worker processes would hold."""
    if request.param == "fakeredis":
        server = fakeredis.FakeServer()
        yield fakeredis.FakeRedis(server=server), fakeredis.FakeRedis(server=server)
        return
    import redis
    url = os.environ["TEST_REDIS_URL"]
    first, second = redis.Redis.from_url(url), redis.Redis.from_url(url)
    first.flushdb()
    yield first, second
    first.flushdb()


def test_two_processes_share_one_budget(redis_pair):
    one = RecordLimiter.redis(redis_pair[0], "act.example.org", 100)
    two = RecordLimiter.redis(redis_pair[1], "act.example.org", 100)
    assert one.try_acquire(60)
    assert not two.try_acquire(41)
    assert two.try_acquire(40)
    assert not one.try_acquire(1)
    assert one.remaining() == two.remaining() == 0


def test_hosts_have_separate_budgets(redis_pair):
    first = RecordLimiter.redis(redis_pair[0], "a.example.org", 100)
    other = RecordLimiter.redis(redis_pair[1], "b.example.org", 100)
    assert first.try_acquire(100)
    assert other.try_acquire(100)


def test_cost_accounting(redis_pair):
    limiter = RecordLimiter.redis(redis_pair[0], "act.example.org", 1000)
    assert limiter.remaining() == 1000
    limiter.acquire(100)  # one list page
    limiter.acquire(1)    # one detail call
    assert limiter.remaining() == 899
    assert RecordLimiter.redis(redis_pair[1], "act.example.org", 1000).remaining() == 899


def test_cost_above_the_budget_is_charged_as_the_whole_budget(redis_pair):
    limiter = RecordLimiter.redis(redis_pair[0], "act.example.org", 50, max_wait=0.2)
    assert limiter.acquire(100) < 0.1  # charged at once; uncapped it could never pass
    assert limiter.remaining() == 0


def test_acquire_blocks_until_the_window_frees_then_succeeds(redis_pair):
    limiter = RecordLimiter.redis(redis_pair[0], "act.example.org", 10, window_seconds=1)
    other = RecordLimiter.redis(redis_pair[1], "act.example.org", 10, window_seconds=1)
    assert other.try_acquire(10)
    started = time.monotonic()
    waited = limiter.acquire(5)
    elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 3.0
    assert waited == pytest.approx(elapsed, abs=0.05)
    assert limiter.remaining() == 5


def test_acquire_gives_up_after_max_wait_with_a_clear_error(redis_pair):
    hog = RecordLimiter.redis(redis_pair[0], "act.example.org", 100)
    limiter = RecordLimiter.redis(redis_pair[1], "act.example.org", 100, max_wait=0.3)
    hog.acquire(100)
    started = time.monotonic()
    with pytest.raises(RateLimitTimeout, match=r"act\.example\.org.*100/min"):
        limiter.acquire(1)
    assert time.monotonic() - started < 1.5


def test_concurrent_acquirers_never_overspend(redis_pair):
    """Eight threads race on one budget: exactly the budget is granted, never more."""
    granted = []
    limiters = [RecordLimiter.redis(redis_pair[i % 2], "act.example.org", 500) for i in range(8)]

    def worker(limiter):
        for _ in range(20):
            if limiter.try_acquire(10):
                granted.append(10)

    threads = [threading.Thread(target=worker, args=(limiter,)) for limiter in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 500


def test_in_memory_limiter_blocks_and_shares_between_threads():
    limiter = RecordLimiter.in_memory("act.example.org", 20, window_seconds=1)
    assert limiter.try_acquire(15)
    assert not limiter.try_acquire(6)
    started = time.monotonic()
    limiter.acquire(6)
    assert time.monotonic() - started >= 0.5


def test_limiter_uses_the_callers_redis_client_not_a_new_connection():
    server = fakeredis.FakeServer()
    client = fakeredis.FakeRedis(server=server)
    RecordLimiter.redis(client, "act.example.org", 100).acquire(7)
    keys = [key.decode() for key in client.keys("*")]
    assert keys and all(key.startswith("kitbridge:aklimit:") for key in keys)


def test_budget_must_be_positive():
    with pytest.raises(ValueError):
        RecordLimiter.in_memory("h", 0)
