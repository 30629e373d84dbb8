"""429s wait for ActionKit's window and keep going; a run of 429s fails only after `patience` (item 5)."""
import pytest

from webapp.actionkit import ActionKitClient, RateLimited, RecordLimiter
from webapp.actionkit.throttle import WAIT_MESSAGE

from .conftest import control, make_client, reset_sandbox, sandbox_stats
from .test_errors import fake_response
from .test_transport import ScriptedSession

CLEAN = {"records_per_minute": 0, "window_seconds": 60, "fault_mode": ""}


class FakeClock:
    """A monotonic clock that only moves when the client 'sleeps', so minutes pass instantly."""

    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def scripted(script, **options):
    """A client on a scripted session whose waits advance a fake clock; returns (client, clock, waits)."""
    waits, clock = [], FakeClock()
    client = ActionKitClient("https://act.example.org", "api", "pw", session=ScriptedSession(script),
                             on_wait=waits.append, **options)
    client.transport.sleep = clock.sleep
    client.transport.throttle.clock = clock
    return client, clock, waits


def test_429s_do_not_use_the_retry_count_and_wait_a_window_each():
    client, clock, waits = scripted([fake_response(429)] * 4 + [fake_response(200, {"id": 1})], max_retries=2)
    assert client.get_user(1) == {"id": 1}
    assert len(clock.sleeps) == 4 and all(60 <= s <= 66 for s in clock.sleeps)
    assert waits == [WAIT_MESSAGE, None]  # once when waiting starts, once when a request succeeds again


def test_the_window_comes_from_the_limiter():
    limiter = RecordLimiter.in_memory("act.example.org", 1000, window_seconds=3)
    client, clock, _ = scripted([fake_response(429), fake_response(200, {"id": 1})], limiter=limiter)
    client.get_user(1)
    assert 3 <= clock.sleeps[0] <= 3.3


def test_endless_429s_fail_after_patience_with_the_reason():
    client, clock, waits = scripted([fake_response(429)] * 50)
    with pytest.raises(RateLimited) as caught:
        client.get_user(1)
    assert "ActionKit kept answering 429 (rate limit) for 5 minutes" in str(caught.value)
    assert clock.now == pytest.approx(300)  # the default patience, never a second wait past it
    assert waits == [WAIT_MESSAGE]


def test_progress_in_between_restarts_the_patience():
    script = ([fake_response(429)] * 3 + [fake_response(200, {"id": 1})]) * 3
    client, clock, waits = scripted(script, rate_patience=200)
    for _ in range(3):
        client.get_user(1)  # 3 windows (180+ s) each time: over the patience in total, never in a row
    assert clock.now > 540 and waits == [WAIT_MESSAGE, None] * 3


@pytest.fixture
def clean(sandbox):
    """The module sandbox reset to no budget and no faults around each test."""
    control(sandbox, **CLEAN)
    reset_sandbox(sandbox)
    yield sandbox
    control(sandbox, **CLEAN)


def test_a_sandbox_budget_tighter_than_ours_still_lists_every_user(clean):
    """Sandbox: 150 records per 2 s window; our limiter is off. The 429s are waited out, not fatal."""
    control(clean, records_per_minute=150, window_seconds=2)
    waits = []
    client = make_client(clean, max_retries=0, rate_window=2, on_wait=waits.append)
    users = list(client.iter_users())
    assert len(users) == len({u["id"] for u in users}) == 250
    assert sandbox_stats(clean)["throttled"] >= 1
    assert waits[0] == WAIT_MESSAGE and waits[-1] is None


def test_our_own_limiter_waiting_is_reported_as_pacing_not_as_actionkit_refusing(clean):
    limiter = RecordLimiter.in_memory(clean.hostname, 150, window_seconds=1)
    waits = []
    client = make_client(clean, limiter=limiter, on_wait=waits.append)
    assert len(list(client.iter_users())) == 250
    assert waits[:2] == ["pacing requests to the 150 records per minute set for this instance", None]
    assert sandbox_stats(clean)["throttled"] == 0


def test_a_sandbox_that_429s_forever_fails_after_patience(clean):
    control(clean, fault_mode="always_429")
    waits = []
    client = make_client(clean, rate_window=0.2, rate_patience=1, on_wait=waits.append)
    with pytest.raises(RateLimited, match=r"kept answering 429 \(rate limit\) for \d+ seconds?"):
        client.count_users()
    assert client.requests_made >= 3 and waits == [WAIT_MESSAGE]

