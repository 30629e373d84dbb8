"""Every subscription change is in the consent ledger, whatever its source, and reaches ActionKit unless it came from there."""
import time

from tests.messaging.conftest import ledger
from tests.sync_jobs.helpers import cycle, edit_member
from webapp.extensions import db
from webapp.models import AkUser, ConsentChange, PushOutbox
from webapp.store.members import create_member


def _linked(subscribed):
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    return next(row for row in rows if row.member.subscribed is subscribed)


def test_staff_edit_is_in_the_ledger_and_pushes_false_to_actionkit(app, raw, activated):
    cycle()  # settle what activation queued
    row = _linked(True)
    edit_member(row.member, subscribed=False)
    [change] = ledger(row.member)[-1:]
    assert (change.old, change.new, change.source) == (True, False, "staff")
    assert "staff@example.org" in change.evidence
    cycle()
    assert raw.user(row.ak_id)["fields"]["sms_opt_in"] == "false"
    edit_member(row.member, subscribed=True, first_name="Renamed")
    cycle()
    user = raw.user(row.ak_id)
    assert user["fields"]["sms_opt_in"] == "true"
    assert [(c.new, c.source) for c in ledger(row.member)][-2:] == [(False, "staff"), (True, "staff")]


def test_edit_without_a_subscription_change_writes_no_ledger_row(app, make_member):
    member = make_member(subscribed=True)
    edit_member(member, first_name="Only-The-Name", subscribed=True)
    assert ledger(member) == []


def test_actionkit_change_is_in_the_ledger_and_not_sent_back(app, raw, activated):
    cycle()
    row = _linked(True)
    time.sleep(1.05)  # ActionKit's timestamps have whole seconds
    raw.patch_user(row.ak_id, {"fields": {"sms_opt_in": "no"}})
    before = db.session.scalar(db.select(db.func.count(PushOutbox.id)).filter_by(member_id=row.member_id))
    cycle()
    member = db.session.get(AkUser, row.id).member
    assert member.subscribed is False
    change = ledger(member)[-1]
    assert (change.old, change.new, change.source) == (True, False, "actionkit")
    assert f"ActionKit user {row.ak_id}" in change.evidence and "\u201cno\u201d" in change.evidence
    after = db.session.scalar(db.select(db.func.count(PushOutbox.id)).filter_by(member_id=row.member_id))
    assert after == before


def test_members_created_from_actionkit_start_their_ledger(app, activated):
    created = db.session.scalars(db.select(AkUser).filter_by(status="synced")).all()
    created = [row.member for row in created if row.member.source == "actionkit"]
    assert created
    rows = db.session.scalars(db.select(ConsentChange).where(
        ConsentChange.member_id.in_([m.id for m in created]))).all()
    assert len(rows) == len(created)
    assert all(r.old is None and r.source == "actionkit" for r in rows)
    by_member = {r.member_id: r.new for r in rows}
    assert all(by_member[m.id] == m.subscribed for m in created)


def test_a_member_added_by_staff_starts_the_ledger(app):
    member = create_member({"phone": "+12125550150", "subscribed": True, "source": "manual"}, {},
                           actor="staff@example.org")
    db.session.commit()
    [change] = ledger(member)
    assert (change.old, change.new, change.source) == (None, True, "staff")
