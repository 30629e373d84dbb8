"""Contract: auth, bad filters, unreachable hosts, timeouts, 429s and injected 5xx over real HTTP."""
import socket
import threading
import time

import pytest
import requests

from webapp.actionkit import (ActionKitClient, AuthError, ConnectionFailed, RateLimited, RecordLimiter,
                              RateLimitTimeout, ServerError, ValidationError)

from .conftest import USERNAME, control, make_client, reset_sandbox, sandbox_stats

CLEAN = {"records_per_minute": 0, "max_concurrency": 0, "fail_rate": 0.0, "latency_ms": 0, "window_seconds": 60,
         "fault_mode": ""}


@pytest.fixture(autouse=True)
def clean_config(sandbox):
    """Every test starts with no limits, no faults, no latency and zeroed stats."""
    control(sandbox, **CLEAN)
    reset_sandbox(sandbox)
    yield
    control(sandbox, **CLEAN)


def test_wrong_password_is_auth_error_and_not_retried(sandbox):
    client = ActionKitClient(sandbox.base_url, USERNAME, "wrong-password", backoff_base=0.01)
    with pytest.raises(AuthError) as caught:
        client.verify_credentials()
    assert caught.value.status == 401
    assert str(caught.value).startswith("ActionKit rejected the username or password")
    assert client.requests_made == 1 and sandbox_stats(sandbox)["requests"] == 0  # 401 before the REST layer


def test_disallowed_filter_is_validation_error(ak):
    with pytest.raises(ValidationError) as caught:
        list(ak.iter_users(first_name="Ann"))
    assert caught.value.errors == {"__all__": ["The 'first_name' field does not allow filtering."]}
    assert ak.requests_made == 1


def test_unknown_host_is_connection_failed_naming_the_host():
    client = ActionKitClient("http://no-such-host.invalid", "u", "p", backoff_base=0.01, timeout=(3, 3))
    started = time.monotonic()
    with pytest.raises(ConnectionFailed) as caught:
        client.verify_credentials()
    assert "no-such-host.invalid" in str(caught.value) and "not found" in str(caught.value)
    assert client.requests_made == 1  # an unknown host will not fix itself: no retries
    assert time.monotonic() - started < 5


def free_port():
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_port_is_retried_then_connection_failed():
    port = free_port()
    client = ActionKitClient(f"http://127.0.0.1:{port}", "u", "p", max_retries=2, backoff_base=0.01,
                             backoff_cap=0.02)
    with pytest.raises(ConnectionFailed, match=f"127.0.0.1:{port}.*refused"):
        client.count_users()
    assert client.requests_made == 3


def test_timeout_is_a_clear_connection_failed(sandbox):
    control(sandbox, latency_ms=1500)
    client = make_client(sandbox, timeout=(2, 0.3), max_retries=1)
    started = time.monotonic()
    with pytest.raises(ConnectionFailed, match=r"Could not reach ActionKit at 127\.0\.0\.1:\d+: no answer within 0\.3 s"):
        client.get_user(1)
    assert client.requests_made == 2  # a GET is safe to resend after a read timeout
    assert time.monotonic() - started < 3


def test_budget_429_is_retried_then_succeeds(sandbox):
    """The sandbox budget runs out mid-scan: 429, backoff (during which the minute 'passes'), success."""
    control(sandbox, records_per_minute=100)
    client = make_client(sandbox)
    sleeps = []

    def sleep_and_let_the_window_pass(seconds):
        sleeps.append(seconds)
        reset_sandbox(sandbox)

    client.transport.sleep = sleep_and_let_the_window_pass
    users = list(client.iter_users())
    assert len(users) == 250
    assert len(sleeps) >= 1 and client.retries == len(sleeps)
    assert client.requests_made == 3 + len(sleeps)


def test_budget_429_outlasting_patience_raises_rate_limited(sandbox):
    """429s do not use the 5xx retry count: the client waits windows until its patience runs out."""
    control(sandbox, records_per_minute=100)
    client = make_client(sandbox, max_retries=0, rate_window=0.2, rate_patience=0.6)
    assert len(next(client.iter_user_batches())) == 100  # spends the whole (60 s) budget
    with pytest.raises(RateLimited) as caught:
        client.count_users()
    assert caught.value.status == 429 and "kept answering 429 (rate limit)" in str(caught.value)
    assert client.requests_made >= 3 and sandbox_stats(sandbox)["throttled"] >= 2


def test_concurrency_429_is_retried_then_succeeds(sandbox):
    """Four threads against a concurrency cap of 1: some get 429, all finish after retries."""
    control(sandbox, max_concurrency=1, latency_ms=100)
    client = make_client(sandbox, rate_window=0.2)
    results, errors = [], []

    def fetch(user_id):
        try:
            results.append(client.get_user(user_id)["id"])
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(uid,)) for uid in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [1, 2, 3, 4]
    assert client.retries >= 1 and sandbox_stats(sandbox)["throttled"] >= 1


def test_injected_server_errors_are_retried(sandbox):
    control(sandbox, fail_rate=0.5)
    client = make_client(sandbox, max_retries=12)
    users = list(client.iter_users())
    assert len(users) == 250 and len({u["id"] for u in users}) == 250
    by_status = sandbox_stats(sandbox)["by_status"]
    failures = by_status.get("500", 0) + by_status.get("503", 0)
    assert failures >= 1 and client.retries == failures


def test_server_errors_outlasting_retries_raise_server_error(sandbox):
    control(sandbox, fail_rate=1.0)
    client = make_client(sandbox, max_retries=3)
    with pytest.raises(ServerError) as caught:
        client.get_user(1)
    assert caught.value.status in (500, 503) and client.requests_made == 4


def test_limiter_keeps_the_client_under_the_sandbox_budget(sandbox):
    """With the same budget on both sides the limiter blocks before ActionKit would answer 429."""
    control(sandbox, records_per_minute=200)
    limiter = RecordLimiter.in_memory(sandbox.hostname, 200, max_wait=0.5)
    client = make_client(sandbox, limiter=limiter)
    pages = client.iter_user_batches()
    assert len(next(pages)) == 100 and len(next(pages)) == 100
    with pytest.raises(RateLimitTimeout):
        next(pages)  # the third page costs 50 more: 250 > 200, so we wait instead of drawing a 429
    assert limiter.remaining() == 0 and client.records_spent == 200
    assert sandbox_stats(sandbox)["throttled"] == 0


def test_limiter_is_charged_per_call_cost(sandbox):
    limiter = RecordLimiter.in_memory(sandbox.hostname, 1000)
    client = make_client(sandbox, limiter=limiter)
    list(client.iter_users())         # 3 pages -> 100 + 100 + 50
    client.get_user(1)                # detail -> 1
    client.count_users()              # _limit=1 -> 1
    assert client.records_spent == 252 and limiter.remaining() == 748
    assert sandbox_stats(sandbox)["records"] == 252  # we charge exactly what the sandbox counts here


def test_raw_http_trailing_slash_quirk(sandbox):
    """Sanity check of the emulator quirk the client's URL builder exists for (12.1)."""
    response = requests.get(sandbox.url("/rest/v1/user"), auth=sandbox.auth, allow_redirects=False, timeout=5)
    assert response.status_code == 301 and response.headers["Location"].endswith("/rest/v1/user/")
