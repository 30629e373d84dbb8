"""build_client/client_for: the rate window and patience come from settings, on_wait is passed through."""
import pytest

from jobs import sync
from jobs.sync.client import client_for
from webapp.actionkit import RateLimited
from webapp.actionkit.throttle import WAIT_MESSAGE
from webapp.config import config_from_env


def test_settings_are_read_from_the_environment(tmp_path):
    config = config_from_env(tmp_path, {"ACTIONKIT_RATE_WINDOW_SECONDS": "3", "ACTIONKIT_RATE_LIMIT_PATIENCE": "90"})
    assert config["ACTIONKIT_RATE_WINDOW_SECONDS"] == 3 and config["ACTIONKIT_RATE_LIMIT_PATIENCE"] == 90.0
    defaults = config_from_env(tmp_path, {})
    assert defaults["ACTIONKIT_RATE_WINDOW_SECONDS"] == 60 and defaults["ACTIONKIT_RATE_LIMIT_PATIENCE"] == 300.0


def test_client_for_waits_with_the_configured_window_and_reports_it(app, raw, connected):
    app.config.update(ACTIONKIT_RATE_WINDOW_SECONDS=1, ACTIONKIT_RATE_LIMIT_PATIENCE=1.5)
    raw.config(fault_mode="always_429")
    waits = []
    with client_for(connected, on_wait=waits.append) as client:
        assert client.transport.limiter.window_seconds == 1 and client.transport.throttle.window == 1
        with pytest.raises(RateLimited, match=r"kept answering 429 \(rate limit\) for \d+ seconds?"):
            client.count_users()
    assert waits == [WAIT_MESSAGE]


def test_connect_check_does_not_wait_minutes_on_a_429(app, raw, sandbox):
    raw.config(fault_mode="always_429")
    with pytest.raises(sync.ConnectError, match=r"rate limiting requests right now \(429\)"):
        sync.connect_instance(sandbox.base_url, *sandbox.auth)
