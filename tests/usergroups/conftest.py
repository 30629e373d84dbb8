"""Usergroup tests run against a live aksandbox over HTTP, with the sync jobs' fixtures."""
from tests.sync_jobs.conftest import activated, app, connected, raw, sandbox  # noqa: F401
