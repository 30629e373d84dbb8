"""An idle cycle costs a handful of requests, however many users the last burst of pushes touched."""
import time

from jobs import sync
from webapp.extensions import db
from webapp.models import AkUser, SyncRun


def test_an_idle_cycle_reads_one_empty_page_per_kind(app, raw, activated, connected):
    app.config["SYNC_SETTLE_SECONDS"] = 1  # as if the 10 minutes between cycles had passed
    assert db.session.get(SyncRun, activated).counts["pushed"] > 20  # the activation's write-backs touched users
    for _ in range(2):  # reads the burst once (users the drain touched in its last second, the next time), then passes it
        time.sleep(1.1)
        sync.run_cycle()
    time.sleep(1.1)
    before, endpoints = raw.stats()["requests"], dict(raw.stats()["by_endpoint"])
    run = db.session.get(SyncRun, sync.run_cycle())
    assert run.status == "done"
    assert run.counts["requests"] == raw.stats()["requests"] - before  # our count matches the sandbox's
    assert run.counts["requests"] <= 6
    spent = {key: n - endpoints.get(key, 0) for key, n in raw.stats()["by_endpoint"].items() if n != endpoints.get(key, 0)}
    assert set(spent.values()) == {1}, spent  # one empty page per kind


def test_a_user_changed_after_an_idle_cycle_is_still_read(app, raw, activated, connected):
    app.config["SYNC_SETTLE_SECONDS"] = 1
    time.sleep(1.1)
    sync.run_cycle()
    synced = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id)).first()
    raw.patch_user(synced.ak_id, {"fields": {"sms_opt_in": "no"}})
    sync.run_cycle()
    db.session.expire_all()
    assert db.session.get(AkUser, synced.id).member.subscribed is False


def test_a_burst_of_changes_is_read_once_in_a_few_pages(app, raw, activated, connected):
    rows = list(db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id).limit(150)))
    for row in rows:
        raw.patch_user(row.ak_id, {"city": f"Burst {row.ak_id}"})
    before = raw.stats()["by_endpoint"].get("GET user", 0)
    run = db.session.get(SyncRun, sync.run_cycle())
    assert run.status == "done", run.error
    user_pages = raw.stats()["by_endpoint"]["GET user"] - before
    assert user_pages <= 4  # restarts from the newest second seen, never from the start of the list
    db.session.expire_all()
    from jobs.sync.context import ak_time
    stale = [row.ak_id for row in rows
             if db.session.get(AkUser, row.id).ak_updated_at != ak_time(raw.user(row.ak_id)["updated_at"])]
    assert stale == []  # every changed user was read
