"""Actions end to end against a live aksandbox: fetch, dedupe, backfill, skipped reasons, ignored pages."""
import time

import pytest

from jobs import sync
from jobs.sync.actions import process_actions, request_action_processing, take_actions
from jobs.sync.context import SyncContext
from jobs.sync.client import client_for
from webapp.extensions import db
from webapp.models import AkAction, AkPage, Group, SyncRun

from tests.pages.conftest import (actions_of, first_user_with, group_member_ids, page_named, post_action, run_jobs,
                                  user_row)


def _page_id(action):
    return int(action["page"].rstrip("/").rsplit("/", 1)[1])


def test_activation_fetches_every_page_with_its_action_count(app, raw, activated):
    stored = {p.ak_id: p for p in db.session.scalars(db.select(AkPage))}
    pages = raw.all("page")
    assert sorted(stored) == sorted(p["id"] for p in pages)
    for page in pages:
        row = stored[page["id"]]
        assert (row.name, row.title, row.type, row.synced) == (page["name"], page["title"], page["type"], False)
        assert row.action_count == raw.get("/rest/v1/action/", page=page["id"], _limit=1)["meta"]["total_count"]


def test_backfill_stores_every_past_action_once_as_backfill(app, raw, synced_page):
    ak_actions = raw.all("action", page=synced_page.ak_id)
    rows = actions_of(synced_page)
    assert [r.ak_id for r in rows] == sorted(a["id"] for a in ak_actions)
    assert {(r.source, r.backfill, r.fires_automations) for r in rows} == {("backfill", True, False)}
    assert synced_page.action_count == len(ak_actions)
    assert all(r.processed_at is not None and r.outcome in ("added", "skipped") for r in rows)
    group = db.session.get(Group, synced_page.group_id)
    assert (group.name, group.kind) == (synced_page.name, "actionkit_page")
    linked = {user_row(r.ak_user_id).member_id for r in rows if user_row(r.ak_user_id).status == "synced"}
    assert linked and group_member_ids(group.id) == linked
    run = db.session.scalars(db.select(SyncRun).filter_by(kind="backfill")).one()
    assert run.status == "done", run.error
    assert run.counts["actions_added"] + run.counts.get("actions_skipped", 0) == len(rows)


def test_skipped_actions_carry_the_user_status_reason(app, raw, synced_page):
    skipped = [r for r in actions_of(synced_page) if r.outcome == "skipped"]
    assert skipped, "the seed has acting users without a phone or an opt-in"
    for row in skipped:
        user = user_row(row.ak_user_id)
        assert user.status != "synced" and row.member_id is None
        assert row.reason == (user.reason or user.status) and row.reason


def test_a_new_action_fetched_by_the_cycle_lands_in_the_page_group(app, raw, synced_page):
    user = first_user_with("synced")
    action = post_action(raw, synced_page.name, user.ak_id, comment="hello")
    run = db.session.get(SyncRun, sync.run_cycle())
    assert run.status == "done", run.error
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.source, row.backfill, row.outcome, row.member_id) == ("poll", False, "added", user.member_id)
    assert row.fires_automations is True and row.fields == {"comment": "hello"}
    assert user.member_id in group_member_ids(synced_page.group_id)
    assert page_named(synced_page.name).action_count == len(raw.all("action", page=synced_page.ak_id))


def test_a_replayed_action_is_stored_once(app, raw, synced_page, connected):
    user = first_user_with("synced")
    action = raw.get(f"/rest/v1/action/{post_action(raw, synced_page.name, user.ak_id)['id']}/")
    ctx = SyncContext.load(connected)
    ctx.client = client_for(connected)
    first = take_actions(ctx, [action], "webhook")
    db.session.commit()
    process_actions(ctx, first)
    db.session.commit()
    assert take_actions(ctx, [action, action], "poll") == []  # processed already: nothing to do
    db.session.commit()
    rows = list(db.session.scalars(db.select(AkAction).filter_by(ak_id=action["id"])))
    assert len(rows) == 1 and (rows[0].source, rows[0].outcome) == ("webhook", "added")
    ctx.client.close()


def test_actions_of_unsynced_pages_are_recorded_as_ignored(app, raw, synced_page, connected):
    other = db.session.scalars(db.select(AkPage).where(AkPage.id != synced_page.id, ~AkPage.synced)).first()
    action = raw.get(f"/rest/v1/action/{post_action(raw, other.name, first_user_with('synced').ak_id)['id']}/")
    ctx = SyncContext.load(connected)
    assert take_actions(ctx, [action], "webhook") == []
    db.session.commit()
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.outcome, row.reason, row.processed_at) == ("ignored", f"Page “{other.name}” is not synced.", None)
    sync.run_cycle()  # the fetch only reads synced pages, and never processes an ignored row
    assert db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"])).outcome == "ignored"


def test_pending_actions_get_processed_by_their_job(app, raw, synced_page, connected):
    user = first_user_with("synced")
    action = raw.get(f"/rest/v1/action/{post_action(raw, synced_page.name, user.ak_id)['id']}/")
    ctx = SyncContext.load(connected)
    assert [r.ak_id for r in take_actions(ctx, [action], "webhook")] == [action["id"]]
    request_action_processing()
    db.session.commit()
    run_jobs(app)
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.outcome, row.member_id, row.fires_automations) == ("added", user.member_id, True)
    assert db.session.scalars(db.select(SyncRun).filter_by(kind="actions")).one().status == "done"


def test_an_action_by_a_new_user_creates_the_member_as_the_user_sync_does(app, raw, synced_page, connected):
    body = {"page": synced_page.name, "email": "new.actor@example.org", "first_name": "Nova",
            "user_sms_opt_in": "yes"}
    answer = raw.session.post(raw.handle.url("/rest/v1/action/"), json=body, timeout=10).json()
    user_id = int(answer["user"].rstrip("/").rsplit("/", 1)[1])
    phone = {"user": f"/rest/v1/user/{user_id}/", "type": "mobile", "phone": "2125550199"}
    assert raw.session.post(raw.handle.url("/rest/v1/phone/"), json=phone, timeout=10).status_code == 201
    time.sleep(0.01)
    sync.run_cycle()
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=answer["id"]))
    member = user_row(user_id).member
    assert row.outcome == "added" and row.member_id == member.id
    assert (member.phone, member.first_name, member.source, member.subscribed) == ("+12125550199", "Nova",
                                                                                   "actionkit", True)
    assert member.id in group_member_ids(synced_page.group_id)


def test_an_action_pending_when_its_page_is_unsynced_is_ignored_then_taken_up_again(app, raw, synced_page, connected):
    from jobs.sync.pages import request_page_sync, request_page_unsync
    user = first_user_with("synced")
    action = raw.get(f"/rest/v1/action/{post_action(raw, synced_page.name, user.ak_id)['id']}/")
    ctx = SyncContext.load(connected)
    ctx.client = client_for(connected)
    rows = take_actions(ctx, [action], "webhook")
    db.session.commit()
    request_page_unsync(synced_page.id)
    db.session.commit()
    process_actions(ctx, rows)
    db.session.commit()
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.outcome, row.member_id, row.processed_at) == ("ignored", None, None)
    request_page_sync(synced_page.id)
    db.session.commit()
    run_jobs(app)  # the backfill sees it again
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.outcome, row.member_id, row.source) == ("added", user.member_id, "webhook")
    ctx.client.close()


def test_pending_actions_wait_for_the_lock_holder_then_get_their_job(app, raw, synced_page, connected):
    from jobs.locks import cycle_lock
    from jobs.sync.actions import run_pending_actions
    from jobs.sync.jobqueue import LOCK_NAME
    user = first_user_with("synced")
    action = raw.get(f"/rest/v1/action/{post_action(raw, synced_page.name, user.ak_id)['id']}/")
    take_actions(SyncContext.load(connected), [action], "webhook")
    db.session.commit()
    with cycle_lock(LOCK_NAME) as lock:  # e.g. a push drain is running
        assert lock is not None
        assert run_pending_actions() is None
    assert db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"])).outcome == "pending"
    sync.run_push()  # a run that held the lock asks for processing once it releases it
    run_jobs(app)
    assert db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"])).outcome == "added"


def test_malformed_action_dicts_are_skipped_or_stored_safely(app, synced_page, connected):
    page_uri = f"/rest/v1/petitionpage/{synced_page.ak_id}/"
    junk = [None, "action", {}, {"id": "abc"}, {"id": True}, {"id": -3}, {"id": 10**30}, {"id": "٣"},
            {"id": 990001, "page": {"x": 1}, "user": ["u"], "created_at": "yesterday", "fields": "not a dict"},
            {"id": "990002", "page": page_uri, "user": "/rest/v1/user/1/", "created_at": "2024-01-02T03:04:05",
             "updated_at": None, "fields": {"note": "bad\x00byte"}}]
    rows = take_actions(SyncContext.load(connected), junk, "webhook")
    db.session.commit()
    stored = {r.ak_id: r for r in db.session.scalars(db.select(AkAction).where(AkAction.ak_id > 990000))}
    assert sorted(stored) == [990001, 990002]
    assert (stored[990001].outcome, stored[990001].page_ak_id, stored[990001].ak_created_at) == ("ignored", None, None)
    assert stored[990002].fields == {"note": "badbyte"} and [r.ak_id for r in rows] == [990002]
    with pytest.raises(ValueError, match="Unknown action source"):
        take_actions(SyncContext.load(connected), [], "carrier-pigeon")
