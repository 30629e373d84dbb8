"""Fixtures: a live aksandbox over real HTTP, an app wired to it, and helpers that read raw AK data."""
import pytest
import requests

from aksandbox.server import start_sandbox
from tests.conftest import _empty_tables, build_app
from webapp.extensions import db

SEED_USERS = 300
SEED = 7
FAST_CLIENT = {"ACTIONKIT_MAX_RETRIES": 2, "ACTIONKIT_BACKOFF_BASE": 0.01, "ACTIONKIT_BACKOFF_CAP": 0.05,
               "ACTIONKIT_RECORDS_PER_MINUTE": 1_000_000, "ACTIONKIT_TIMEOUT": (2, 10)}


class Raw:
    """Plain-requests access to the sandbox, independent of the code under test."""

    def __init__(self, handle):
        self.handle = handle
        self.session = requests.Session()
        self.session.auth = handle.auth

    def get(self, path, **params):
        response = self.session.get(self.handle.url(path), params=params, timeout=10)
        response.raise_for_status()
        return response.json()

    def all(self, resource, **params):
        """Every object of a list (paging by offset)."""
        objects, offset = [], 0
        while True:
            data = self.get(f"/rest/v1/{resource}/", _limit=100, _offset=offset, **params)
            objects += data["objects"]
            if not data["meta"]["next"]:
                return objects
            offset += 100

    def user(self, ak_id):
        return self.get(f"/rest/v1/user/{ak_id}/")

    def patch_user(self, ak_id, data):
        response = self.session.patch(self.handle.url(f"/rest/v1/user/{ak_id}/"), json=data, timeout=10)
        assert response.status_code == 202, response.text
        return response

    def config(self, **changes):
        response = self.session.patch(self.handle.url("/_sandbox/config"), json=changes, timeout=10)
        assert response.status_code == 200, response.text

    def stats(self):
        return self.get("/_sandbox/stats")


@pytest.fixture
def sandbox():
    """A seeded sandbox per test (300 users, fixed seed), no record budget so tests never wait."""
    handle = start_sandbox(users=SEED_USERS, seed=SEED, records_per_minute=0)
    yield handle
    handle.stop()


@pytest.fixture
def raw(sandbox):
    return Raw(sandbox)


@pytest.fixture
def app():
    """An app whose ActionKit client retries fast (outage tests) and never waits on the limiter."""
    app = build_app(**FAST_CLIENT)
    with app.app_context():
        yield app
        _empty_tables()


@pytest.fixture
def connected(app, sandbox):
    """An integration connected to the sandbox with the opt-in field chosen (not yet active)."""
    from jobs import sync
    integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
    integration.opt_in_field = "sms_opt_in"
    db.session.commit()
    return integration


def run_jobs(app):
    """Run every queued job in this process (the real RQ job lifecycle, SimpleWorker)."""
    from jobs.runner import run_queued_jobs
    run_queued_jobs(app)
    db.session.expire_all()


@pytest.fixture
def activated(app, connected):
    """An integration after a finished activation run (enqueued after commit, run by a worker)."""
    from jobs import sync
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    return run_id
