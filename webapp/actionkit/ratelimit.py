"""ActionKit's records-per-minute budget, shared through Redis by every worker process (DESIGN 5).

Built on `limits`' moving window: it is exact (no 60 s span ever holds more than the budget),
so a well-behaved fleet never provokes a 429, and its Lua script makes check-and-charge atomic
across processes. A list call is charged its `_limit` up front (100 records), a detail call 1.
"""
import random
import time

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

DEFAULT_RECORDS_PER_MINUTE = 1000
KEY_PREFIX = "kitbridge:aklimit"


class RateLimitTimeout(Exception):
    """acquire() waited longer than max_wait: the budget is exhausted by someone else for too long."""


def storage_for_redis(client, key_prefix=KEY_PREFIX):
    """A limits RedisStorage on an EXISTING client's connection pool (works for redis.Redis and FakeRedis)."""
    # limits documents `connection_pool=`: it builds redis.Redis(connection_pool=pool), so the caller's
    # pool (its URL, TLS settings, or fakeredis' in-process server) is reused, and no URL is re-parsed.
    return RedisStorage("redis://", connection_pool=client.connection_pool, key_prefix=key_prefix)


class RecordLimiter:
    """Blocks callers until the shared per-host budget has room for their cost in records."""

    def __init__(self, storage, host, records_per_minute=DEFAULT_RECORDS_PER_MINUTE, *,
                 window_seconds=60, max_wait=600.0, sleep=time.sleep, clock=time.time):
        """Refuse a useless budget up front; sleep and clock are injectable so tests never wait."""
        if records_per_minute < 1:
            raise ValueError("records_per_minute must be at least 1")
        self.host = host
        self.records_per_minute = int(records_per_minute)
        self.max_wait = max_wait
        self.window_seconds = float(window_seconds)  # the transport waits this long after a 429
        # ACTIONKIT_RATE_WINDOW_SECONDS: 60 for ActionKit; tests use a few seconds
        self._item = RateLimitItemPerSecond(self.records_per_minute, int(window_seconds), namespace="akrecords")
        self._strategy = MovingWindowRateLimiter(storage)
        self._sleep = sleep
        self._clock = clock
        self.waited_seconds = 0.0

    @classmethod
    def redis(cls, client, host, records_per_minute=DEFAULT_RECORDS_PER_MINUTE, **kwargs):
        """A limiter whose budget is shared with every process using the same Redis."""
        return cls(storage_for_redis(client), host, records_per_minute, **kwargs)

    @classmethod
    def in_memory(cls, host, records_per_minute=DEFAULT_RECORDS_PER_MINUTE, **kwargs):
        """A limiter for one process without Redis (scripts, benches); threads share it."""
        return cls(MemoryStorage(), host, records_per_minute, **kwargs)

    def _cost(self, cost):
        """A cost above the whole budget is charged as the whole budget, or it could never pass."""
        return max(1, min(int(cost), self.records_per_minute))

    def try_acquire(self, cost=1):
        """Charge `cost` records if the window has room now; True when charged."""
        return self._strategy.hit(self._item, self.host, cost=self._cost(cost))

    def remaining(self):
        """Records still free in the current window."""
        return self._strategy.get_window_stats(self._item, self.host).remaining

    def _pause(self):
        """Seconds until the oldest charge leaves the window (clamped, jittered so workers spread out)."""
        reset = self._strategy.get_window_stats(self._item, self.host).reset_time
        return min(max(reset - time.time(), 0.01), 2.0) * random.uniform(1.0, 1.2)

    def acquire(self, cost=1):
        """Block until `cost` records are charged; returns seconds waited, raises RateLimitTimeout."""
        started = self._clock()
        while not self.try_acquire(cost):
            waited = self._clock() - started
            if waited >= self.max_wait:
                raise RateLimitTimeout(
                    f"Waited {waited:.0f} s for {cost} ActionKit records on {self.host} "
                    f"(budget {self.records_per_minute}/min); another process may be using it all")
            self._sleep(min(self._pause(), max(self.max_wait - waited, 0.01)))
        waited = self._clock() - started
        self.waited_seconds += waited
        return waited

    def clear(self):
        """Forget every charge for this host (tests, or after changing the budget)."""
        self._strategy.clear(self._item, self.host)
