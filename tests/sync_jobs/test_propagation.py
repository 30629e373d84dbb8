"""Edits on each side propagate per sync option, through the outbox and the cycle, without ping-pong."""
import time

from tests.sync_jobs.helpers import cycle, edit_member, event_count, pending_count, set_option, synced_row
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox, SyncEvent, SyncRun


def _tick():
    """ActionKit timestamps have whole seconds: keep edits on both sides in different seconds."""
    time.sleep(1.05)


def test_two_way_member_edit_reaches_actionkit_and_does_not_ping_pong(app, raw, activated, connected):
    set_option(connected, "first_name", "two_way")
    cycle()  # settle the write-backs queued by activation
    row = synced_row(raw)
    edit_member(row.member, first_name="Zelda")
    assert db.session.scalar(db.select(PushOutbox).filter_by(member_id=row.member_id, status="pending"))
    run_id = cycle()
    assert db.session.get(SyncRun, run_id).status == "done"
    assert raw.user(row.ak_id)["first_name"] == "Zelda"
    event = db.session.scalar(db.select(SyncEvent).filter_by(member_id=row.member_id, field="first_name",
                                                              direction="to_actionkit"))
    assert (event.new_value, event.outcome, event.source) == ("Zelda", "applied", "staff")
    assert event.old_value and event.old_value != "Zelda"
    assert db.session.get(type(row), row.id).base["first_name"] == "Zelda"
    before, member_updated = event_count(), row.member.updated_at
    cycle()
    assert event_count() == before and pending_count() == 0
    assert row.member.first_name == "Zelda" and row.member.updated_at == member_updated


def test_two_way_actionkit_edit_reaches_the_member(app, raw, activated, connected):
    set_option(connected, "last_name", "two_way")
    row = synced_row(raw)
    _tick()
    raw.patch_user(row.ak_id, {"last_name": "Okonkwo"})
    cycle()
    assert row.member.last_name == "Okonkwo"
    event = db.session.scalar(db.select(SyncEvent).filter_by(member_id=row.member_id, field="last_name",
                                                              direction="to_member", source="actionkit"))
    assert event.new_value == "Okonkwo" and event.rule.startswith("two-way")
    before = event_count()
    cycle()
    assert event_count() == before


def test_populate_fills_blanks_both_ways_and_never_overwrites(app, raw, activated):
    row = synced_row(raw)
    city = raw.user(row.ak_id)["city"]
    raw.patch_user(row.ak_id, {"last_name": "Changed-In-AK"})
    edit_member(row.member, first_name="Member-Edit")
    cycle()
    assert raw.user(row.ak_id)["first_name"] != "Member-Edit"  # populate: both set, no overwrite
    assert row.member.last_name != "Changed-In-AK"
    assert db.session.scalar(db.select(PushOutbox).filter_by(member_id=row.member_id)).status == "skipped"
    raw.patch_user(row.ak_id, {"city": ""})  # ActionKit blank -> the member's value fills it
    cycle()
    assert raw.user(row.ak_id)["city"] == city
    edit_member(row.member, city="")  # member blank -> ActionKit's value fills it on the push
    cycle()
    assert row.member.city == city


def test_one_way_to_actionkit_overwrites_actionkit_only(app, raw, activated, connected):
    set_option(connected, "first_name", "one_way_to_actionkit")
    cycle()
    row = synced_row(raw)
    edit_member(row.member, first_name="Mina")
    cycle()
    assert raw.user(row.ak_id)["first_name"] == "Mina"
    _tick()
    raw.patch_user(row.ak_id, {"first_name": "Edited-In-AK"})
    cycle()
    assert row.member.first_name == "Mina"
    assert raw.user(row.ak_id)["first_name"] == "Mina"  # the member's value is written back


def test_one_way_to_member_overwrites_the_member_only(app, raw, activated, connected):
    set_option(connected, "first_name", "one_way_to_member")
    row = synced_row(raw)
    _tick()
    raw.patch_user(row.ak_id, {"first_name": "Ada"})
    cycle()
    assert row.member.first_name == "Ada"
    edit_member(row.member, first_name="Local-Only")
    cycle()
    assert raw.user(row.ak_id)["first_name"] == "Ada"
    assert row.member.first_name == "Ada"  # one-way: ActionKit's value is taken back


def test_opt_in_change_in_actionkit_reaches_the_member(app, raw, activated):
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    row = next(r for r in rows if r.member.subscribed)
    _tick()
    raw.patch_user(row.ak_id, {"fields": {"sms_opt_in": "no"}})
    cycle()
    assert row.member.subscribed is False
    event = db.session.scalar(db.select(SyncEvent).filter_by(member_id=row.member_id, field="subscribed",
                                                              direction="to_member", source="actionkit"))
    assert event.new_value == "false"
