"""Fixtures for the ActionKit client: a live aksandbox per test module, clients, control helpers."""
import os

import pytest
import requests

from aksandbox.server import start_sandbox
from webapp.actionkit import ActionKitClient

USERNAME, PASSWORD = "kitbridge-api", "s3cret-pass"
SEEDED_USERS = 250


def start_seeded(**options):
    """A sandbox with 250 seeded users (seed 7), unlimited budget unless told otherwise."""
    options = dict({"users": SEEDED_USERS, "seed": 7, "records_per_minute": 0,
                    "username": USERNAME, "password": PASSWORD}, **options)
    return start_sandbox(**options)


@pytest.fixture(scope="module")
def sandbox():
    """One live emulator per test module, so writes in one module never skew counts in another."""
    handle = start_seeded()
    yield handle
    handle.stop()


def make_client(handle, **options):
    """A client for `handle` with test-speed backoff (retries still happen, just quickly)."""
    options = dict({"backoff_base": 0.01, "backoff_cap": 0.05, "timeout": (2, 10)}, **options)
    return ActionKitClient(handle.base_url, USERNAME, PASSWORD, **options)


@pytest.fixture
def ak(sandbox):
    """Our client pointed at the module's sandbox."""
    client = make_client(sandbox)
    yield client
    client.close()


def control(handle, **changes):
    """PATCH /_sandbox/config (records_per_minute, max_concurrency, fail_rate, latency_ms)."""
    response = requests.patch(handle.url("/_sandbox/config"), json=changes, auth=(USERNAME, PASSWORD), timeout=5)
    response.raise_for_status()
    return response.json()


def sandbox_stats(handle):
    """GET /_sandbox/stats."""
    return requests.get(handle.url("/_sandbox/stats"), auth=(USERNAME, PASSWORD), timeout=5).json()


def reset_sandbox(handle):
    """POST /_sandbox/reset: forget the record budget and zero the stats."""
    requests.post(handle.url("/_sandbox/reset"), auth=(USERNAME, PASSWORD), timeout=5).raise_for_status()


def redis_backends():
    """Backends the limiter tests run on: fakeredis always, real Redis when TEST_REDIS_URL is set."""
    backends = ["fakeredis"]
    if os.environ.get("TEST_REDIS_URL"):
        backends.append("redis")
    return backends
