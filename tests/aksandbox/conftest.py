"""Fixtures for the emulator's own tests: a seeded sandbox per module, plain requests sessions."""
import pytest

from tests.aksandbox.helpers import Api, start


@pytest.fixture(scope="module")
def sandbox():
    """A seeded sandbox (150 users, seed 11) shared by one test module."""
    handle = start(users=150, seed=11)
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def api(sandbox):
    """Authenticated plain-requests helper for the module's sandbox."""
    return Api(sandbox)


@pytest.fixture
def fresh():
    """An empty sandbox for tests that need exact counts or change settings."""
    handle = start(users=0, seed=5)
    yield Api(handle)
    handle.stop()
