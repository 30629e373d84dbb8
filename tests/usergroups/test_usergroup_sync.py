"""Usergroups: fetched at activation, synced into a group of the same name, joins and leaves mirrored each cycle."""
import time

from aksandbox.util import now_seconds
from jobs import sync
from jobs.sync.usergroup_members import USERGROUP_ACTOR
from jobs.sync.actions import request_action_processing, take_actions
from jobs.sync.context import SyncContext
from jobs.sync.page_sync import request_page_sync
from jobs.sync.usergroups import request_usergroup_sync, request_usergroup_unsync
from tests.sync_jobs.conftest import run_jobs
from tests.usergroups.helpers import (changes, group_members, linked, sandbox_members, set_sandbox_members,
                                      usergroup)
from webapp.extensions import db
from webapp.models import AkPage, AkUser, AkUserGroup, Group
from webapp.store.groups import create_group, delete_group


def _sync(app, name):
    """Sync the usergroup and run its backfill job; returns the row."""
    row = usergroup(name)
    request_usergroup_sync(row.id)
    db.session.commit()
    run_jobs(app)
    return usergroup(name)


def test_activation_stores_every_usergroup(raw, activated):
    stored = {row.ak_id: row.name for row in db.session.scalars(db.select(AkUserGroup))}
    assert stored == {int(g["id"]): g["name"] for g in raw.all("usergroup")}
    assert not any(row.synced for row in db.session.scalars(db.select(AkUserGroup)))


def test_syncing_a_usergroup_fills_its_group_with_its_linked_members(app, raw, activated):
    row = _sync(app, "Volunteers")
    group = db.session.get(Group, row.group_id)
    expected = set(linked(sandbox_members(raw, row.ak_id)).values())
    assert row.synced and row.synced_at is not None
    assert (group.name, group.kind) == ("Volunteers", "actionkit_usergroup")
    assert len(expected) > 3
    assert group_members(group.id) == expected
    assert sorted(changes(group.id)) == sorted((m, "joined", USERGROUP_ACTOR) for m in expected)


def test_joins_and_leaves_in_actionkit_follow_on_the_next_cycle(app, raw, activated):
    row = _sync(app, "Donors")
    inside = sandbox_members(raw, row.ak_id)
    everyone = linked(range(1, 301))
    leaver = min(u for u in inside if u in everyone)
    joiner = min(u for u in everyone if u not in inside)
    set_sandbox_members(raw, row.ak_id, (inside - {leaver}) | {joiner})
    time.sleep(1.1)  # the changed users' new second has passed, as it has by the next 10-minute cycle
    before = len(changes(row.group_id))
    run = sync.run_cycle()
    db.session.expire_all()
    assert run is not None
    assert group_members(row.group_id) == set(linked((inside - {leaver}) | {joiner}).values())
    assert changes(row.group_id)[before:] == sorted(
        [(everyone[joiner], "joined", USERGROUP_ACTOR), (everyone[leaver], "left", USERGROUP_ACTOR)],
        key=lambda change: change[1])


def test_a_name_taken_by_another_kind_of_group_gets_a_distinct_one(app, raw, activated):
    create_group("Phone bank team")
    db.session.commit()
    row = _sync(app, "Phone bank team")
    group = db.session.get(Group, row.group_id)
    assert group.name == "Phone bank team (ActionKit usergroup)"
    assert group_members(group.id) == set(linked(sandbox_members(raw, row.ak_id)).values())


def test_unsync_keeps_the_group_and_stops_mirroring(app, raw, activated):
    row = _sync(app, "Spanish speakers")
    kept = group_members(row.group_id)
    request_usergroup_unsync(row.id)
    db.session.commit()
    set_sandbox_members(raw, row.ak_id, set())
    time.sleep(1.1)
    sync.run_cycle()
    db.session.expire_all()
    assert usergroup("Spanish speakers").synced is False
    assert group_members(row.group_id) == kept and kept


def test_a_synced_usergroups_group_refuses_deletion_naming_the_usergroups_tab(app, raw, activated):
    row = _sync(app, "Board members")
    group = db.session.get(Group, row.group_id)
    refusal = delete_group(group)
    assert "Usergroups tab" in refusal and "Board members" in refusal
    db.session.rollback()
    request_usergroup_unsync(row.id)
    db.session.commit()
    assert delete_group(db.session.get(Group, row.group_id)) is None


def test_a_user_linked_by_a_phone_change_joins_the_synced_usergroups_group(app, raw, activated):
    app.config["SYNC_SETTLE_SECONDS"] = 1
    row = _sync(app, "Volunteers")
    unlinked = db.session.scalars(db.select(AkUser).filter_by(status="invalid_phone").order_by(AkUser.ak_id)).all()
    user = next(u for u in unlinked if raw.user(u.ak_id)["fields"].get("sms_opt_in"))
    set_sandbox_members(raw, row.ak_id, sandbox_members(raw, row.ak_id) | {user.ak_id})
    time.sleep(1.1)
    sync.run_cycle()  # reads the user's new membership; not linked yet, so nobody joins
    db.session.expire_all()
    assert db.session.get(AkUser, user.id).member_id is None
    time.sleep(1.1)
    phone = raw.get("/rest/v1/phone/", user=user.ak_id)["objects"][0]
    # ActionKit need not touch a user when one of its phones is edited: change the phone alone, as such an edit does.
    raw.handle.store.db.execute("UPDATE phones SET phone = ?, normalized_phone = ?, updated_at = ? WHERE id = ?",
                                ("+1 617 555 0199", "6175550199", now_seconds(), phone["id"]))
    sync.run_cycle()  # the phones step relinks the owner, who now joins
    db.session.expire_all()
    member_id = db.session.get(AkUser, user.id).member_id
    assert member_id is not None
    assert member_id in group_members(row.group_id)


def test_unstorable_and_overlong_usergroup_names_are_stored_and_synced(app, raw, activated):
    app.config["SYNC_SETTLE_SECONDS"] = 1
    long_name = "Night\x00 owls " + "x" * 250
    raw.handle.store.db.execute("INSERT INTO usergroups (name, created_at, updated_at) VALUES (?, ?, ?)",
                                (long_name, now_seconds(), now_seconds()))
    time.sleep(1.1)
    sync.run_cycle()
    db.session.expire_all()
    row = db.session.scalar(db.select(AkUserGroup).where(AkUserGroup.name.like("Night owls%")))
    assert row is not None and "\x00" not in row.name and len(row.name) == 255
    request_usergroup_sync(row.id)
    db.session.commit()
    group = db.session.get(Group, usergroup(row.name).group_id)
    assert group.name == row.name[:200] and group.kind == "actionkit_usergroup"


def test_a_user_first_linked_by_an_action_joins_the_synced_usergroups_group(app, raw, activated, connected):
    row = _sync(app, "Volunteers")
    page = db.session.scalar(db.select(AkPage).filter_by(name="volunteer-signup"))
    request_page_sync(page.id)
    db.session.commit()
    run_jobs(app)
    body = {"page": "volunteer-signup", "email": "new.volunteer@example.org", "mobile_phone": "6175550142",
            "user_sms_opt_in": "yes"}
    answer = raw.session.post(raw.handle.url("/rest/v1/action/"), json=body, timeout=10).json()
    user_id = int(answer["user"].rstrip("/").rsplit("/", 1)[1])
    set_sandbox_members(raw, row.ak_id, sandbox_members(raw, row.ak_id) | {user_id})
    ctx = SyncContext.load(connected)  # as the webhook's job does: the action alone, before any cycle
    take_actions(ctx, [raw.get(f"/rest/v1/action/{answer['id']}/")], "webhook")
    request_action_processing()
    db.session.commit()
    run_jobs(app)
    member_id = linked([user_id]).get(user_id)
    assert member_id is not None
    assert member_id in group_members(row.group_id)
