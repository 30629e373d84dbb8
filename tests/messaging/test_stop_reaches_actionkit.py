"""STOP and START texted by a linked member reach the ActionKit user's opt-in userfield (live aksandbox)."""
from tests.messaging.conftest import ledger, messages_of, run_jobs
from tests.messaging.test_inbound_keywords import text_in
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox


def _linked_subscribed():
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    return next(row for row in rows if row.member.subscribed)


def test_stop_then_start_reach_the_actionkit_opt_in_field(app, client, raw, activated):
    row = _linked_subscribed()
    phone, ak_id = row.member.phone, row.ak_id
    text_in(client, phone, "Stop")
    run_jobs(app)  # routes the text, sends the reply, then drains the push it asked for
    assert raw.user(ak_id)["fields"]["sms_opt_in"] == "false"
    member = db.session.get(AkUser, row.id).member
    assert member.subscribed is False and len(messages_of(member, "outbound")) == 1
    push = db.session.scalar(db.select(PushOutbox).filter_by(member_id=member.id, source="keyword"))
    assert push.status == "sent" and push.changes == {"subscribed": False}
    text_in(client, phone, "START")
    run_jobs(app)
    assert raw.user(ak_id)["fields"]["sms_opt_in"] == "true"
    assert [(c.old, c.new, c.source) for c in ledger(member)] == [
        (None, True, "actionkit"), (True, False, "keyword"), (False, True, "keyword")]  # created from ActionKit


def test_a_cycle_after_stop_does_not_resubscribe_from_actionkit(app, client, raw, activated):
    from tests.sync_jobs.helpers import cycle
    row = _linked_subscribed()
    text_in(client, row.member.phone, "QUIT")
    run_jobs(app)
    cycle()
    member = db.session.get(AkUser, row.id).member
    assert member.subscribed is False and raw.user(row.ak_id)["fields"]["sms_opt_in"] == "false"
    assert [(c.new, c.source) for c in ledger(member)] == [(True, "actionkit"), (False, "keyword")]
