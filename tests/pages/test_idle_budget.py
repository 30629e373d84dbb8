"""An idle cycle with synced pages spends at most 6 requests, and the user total stays right."""
import time

from jobs import sync
from webapp.extensions import db
from webapp.models import SyncRun
from webapp.store.integration import get_integration
from webapp.store.sync_status import user_counts

from tests.pages.conftest import first_user_with, post_action


def _idle_cycle(raw):
    time.sleep(1.1)
    before = raw.stats()
    run = db.session.get(SyncRun, sync.run_cycle())
    after = raw.stats()
    assert run.status == "done", run.error
    spent = {k: v - before["by_endpoint"].get(k, 0) for k, v in after["by_endpoint"].items()}
    return run, after["requests"] - before["requests"], {k: v for k, v in spent.items() if v}


def test_an_idle_cycle_with_synced_pages_spends_at_most_six_requests(app, raw, synced_page):
    app.config["SYNC_SETTLE_SECONDS"] = 1  # as if the 10 minutes between cycles had passed
    post_action(raw, synced_page.name, first_user_with("synced").ak_id)
    time.sleep(1.1)
    sync.run_cycle()  # reads the new action, and passes it once it has settled
    _idle_cycle(raw)
    run, spent, by_endpoint = _idle_cycle(raw)
    assert spent <= 6, by_endpoint
    assert by_endpoint.get("GET action") == 1  # every synced page's actions in one read
    assert by_endpoint.get("GET page") == 1
    assert by_endpoint.get("GET user") == 1  # the walk only: no user-total count when nothing changed
    assert run.counts["ak_users"] == raw.get("/rest/v1/user/", _limit=1)["meta"]["total_count"]


def test_the_user_total_is_counted_again_when_users_change(app, raw, synced_page):
    app.config["SYNC_SETTLE_SECONDS"] = 1
    _idle_cycle(raw)
    created = raw.session.post(raw.handle.url("/rest/v1/user/"), json={"email": "fresh@example.org"}, timeout=10)
    assert created.status_code == 201
    run, _, by_endpoint = _idle_cycle(raw)
    assert by_endpoint.get("GET user") >= 2  # the walk read the new user, so the total is asked again
    total = raw.get("/rest/v1/user/", _limit=1)["meta"]["total_count"]
    assert run.counts["ak_users"] == total
    assert user_counts(get_integration())["total"] == total
