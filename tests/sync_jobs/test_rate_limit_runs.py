"""429s during a run: the run waits for ActionKit's window, says so in its progress, and finishes."""
import pytest

from jobs import sync
from jobs.sync import runs
from tests.conftest import _empty_tables, build_app
from tests.sync_jobs.conftest import FAST_CLIENT, run_jobs
from webapp.extensions import db
from webapp.models import SyncRun


@pytest.fixture
def app():
    """The app's own limiter off, a 2-second window and patience for ActionKit's: only the sandbox's 429s bind."""
    app = build_app(**dict(FAST_CLIENT, ACTIONKIT_RATE_LIMIT=False, ACTIONKIT_RATE_WINDOW_SECONDS=2,
                           ACTIONKIT_RATE_LIMIT_PATIENCE=30))
    with app.app_context():
        yield app
        _empty_tables()


def test_an_activation_through_429s_waits_reports_and_finishes(app, raw, connected, monkeypatch):
    heard, original = [], runs.wait_reporter

    def listening(run_id):
        report = original(run_id)

        def both(message):
            report(message)
            if message:
                heard.append(sync.run_progress(run_id)["waiting"])
        return both
    monkeypatch.setattr(runs, "wait_reporter", listening)
    raw.config(records_per_minute=150, window_seconds=2)  # tighter than the app: ActionKit answers 429
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done", run.error
    assert heard and heard[0] == "waiting for ActionKit's rate limit"
    assert sync.run_progress(run_id)["waiting"] is None  # a finished run waits for nothing
    assert sync.status_summary()["users"]["synced"] > 100

