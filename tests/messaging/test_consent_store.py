"""record_subscription_change: the ledger row, the member's flag, and the push of "true"/"false" to ActionKit."""
from tests.messaging.conftest import ledger, run_jobs
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox
from webapp.store.consent import record_subscription_change


def test_change_writes_the_ledger_and_no_change_writes_nothing(app, make_member):
    member = make_member(subscribed=True)
    change = record_subscription_change(member, False, "staff", "Unticked on the member form by staff@example.org")
    db.session.commit()
    assert member.subscribed is False
    assert (change.old, change.new, change.source) == (True, False, "staff") and change.at is not None
    assert record_subscription_change(member, False, "keyword", "Texted STOP") is None
    db.session.commit()
    assert [(c.old, c.new) for c in ledger(member)] == [(True, False)]


def test_unlinked_member_queues_no_push(app, make_member):
    member = make_member(subscribed=True)
    record_subscription_change(member, False, "keyword", "Texted STOP")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(PushOutbox.id))) == 0


def _linked_subscribed():
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    return next(row for row in rows if row.member.subscribed)


def test_linked_member_change_reaches_the_actionkit_opt_in_field(app, raw, activated):
    from jobs.sync.control import run_push
    row = _linked_subscribed()
    assert raw.user(row.ak_id)["fields"]["sms_opt_in"].lower() in ("true", "yes", "1", "y", "t", "opt-in", "opt in")
    record_subscription_change(row.member, False, "keyword", "Texted STOP")
    db.session.commit()
    run_push()
    run_jobs(app)
    assert raw.user(row.ak_id)["fields"]["sms_opt_in"] == "false"
    record_subscription_change(row.member, True, "staff", "Ticked on the member form")
    db.session.commit()
    run_push()
    assert raw.user(row.ak_id)["fields"]["sms_opt_in"] == "true"


def test_change_from_actionkit_is_not_sent_back(app, raw, activated):
    row = _linked_subscribed()
    before = db.session.scalar(db.select(db.func.count(PushOutbox.id)))
    record_subscription_change(row.member, False, "actionkit", "ActionKit user's sms_opt_in is now 'no'")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(PushOutbox.id))) == before
    assert ledger(row.member)[-1].source == "actionkit"
