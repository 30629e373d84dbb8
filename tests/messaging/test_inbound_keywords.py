"""Inbound texts through the webhook: STOP variants, START, HELP, ordinary replies and new numbers."""
import pytest

from tests.messaging.conftest import Conversation, ledger, messages_of, run_jobs
from webapp.extensions import db
from webapp.models import Member, Message
from webapp.messaging import queue_outbound

STOP_VARIANTS = ["STOP", "stop", "  Stop  ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "stop."]


def text_in(client, phone, body, sid=None):
    """POST Twilio's inbound form to the webhook, as Twilio does."""
    data = {"From": phone, "To": "+15005550006", "Body": body}
    if sid:
        data["MessageSid"] = sid
    response = client.post("/webhooks/sms/inbound", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/xml")
    return response


def replies(member):
    return [m for m in messages_of(member, "outbound")]


@pytest.mark.parametrize("body", STOP_VARIANTS)
def test_stop_variants_unsubscribe_with_one_reply_and_a_ledger_row(app, client, make_member, body):
    member = make_member(subscribed=True)
    text_in(client, member.phone, body, sid="SM" + "1" * 32)
    run_jobs(app)
    member = db.session.get(Member, member.id)
    assert member.subscribed is False
    [reply] = replies(member)
    assert reply.kind == "consent" and reply.status == "sent" and "unsubscribed" in reply.body.lower()
    [change] = ledger(member)
    assert (change.old, change.new, change.source) == (True, False, "keyword")
    assert body.strip() in change.evidence and "SM111" in change.evidence
    text_in(client, member.phone, "STOP")  # a second STOP: no second confirmation
    run_jobs(app)
    assert len(replies(member)) == 1 and len(ledger(member)) == 1


def test_unsubscribed_member_gets_no_queue_outbound_message_after_stop(app, client, make_member):
    member = make_member(subscribed=True)
    text_in(client, member.phone, "stop")
    run_jobs(app)
    assert queue_outbound(db.session.get(Member, member.id), "Rally tomorrow!") is None
    db.session.commit()
    assert [m.kind for m in replies(member)] == ["consent"]


def test_start_reverses_stop(app, client, make_member):
    member = make_member(subscribed=True)
    text_in(client, member.phone, "STOP")
    run_jobs(app)
    text_in(client, member.phone, " unstop ")
    run_jobs(app)
    member = db.session.get(Member, member.id)
    assert member.subscribed is True
    assert [(c.old, c.new) for c in ledger(member)] == [(True, False), (False, True)]
    assert [m.body for m in replies(member)][-1] == app.config["MESSAGING_START_REPLY"]


def test_yes_resubscribes_only_an_unsubscribed_member(app, client, make_member):
    subscribed = make_member(subscribed=True)
    text_in(client, subscribed.phone, "yes")
    run_jobs(app)
    assert replies(subscribed) == [] and ledger(subscribed) == []  # a flow's answer, not a keyword
    out = make_member(subscribed=False)
    text_in(client, out.phone, "YES")
    run_jobs(app)
    assert db.session.get(Member, out.id).subscribed is True and len(replies(out)) == 1


def test_help_is_answered_even_when_unsubscribed(app, client, make_member):
    member = make_member(subscribed=False)
    text_in(client, member.phone, "help")
    run_jobs(app)
    [reply] = replies(member)
    assert reply.body == app.config["MESSAGING_HELP_REPLY"] and reply.status == "sent"
    assert db.session.get(Member, member.id).subscribed is False and ledger(member) == []


def test_ordinary_reply_needs_a_response(app, client, make_member):
    member = make_member(subscribed=True)
    text_in(client, member.phone, "Can I bring a friend to stop by?")
    run_jobs(app)
    [inbound] = messages_of(member, "inbound")
    assert inbound.routed and inbound.status == "received"
    conversation = db.session.get(Conversation, inbound.conversation_id)
    assert conversation.needs_response is True and replies(member) == []
    assert db.session.get(Member, member.id).subscribed is True


def test_new_number_becomes_a_subscribed_sms_member(app, client):
    text_in(client, "(212) 555-0199", "Hi, I saw your flyer")
    run_jobs(app)
    member = db.session.scalar(db.select(Member).filter_by(phone="+12125550199"))
    assert (member.source, member.subscribed) == ("sms", True)
    [change] = ledger(member)
    assert (change.old, change.new, change.source) == (None, True, "sms") and "flyer" in change.evidence


def test_new_number_texting_stop_is_kept_unsubscribed_and_answered_once(app, client):
    text_in(client, "+12125550198", "STOP")
    run_jobs(app)
    member = db.session.scalar(db.select(Member).filter_by(phone="+12125550198"))
    assert member.subscribed is False and len(replies(member)) == 1
    assert [(c.old, c.new, c.source) for c in ledger(member)] == [(None, False, "keyword")]


def test_a_retried_webhook_is_stored_and_routed_once(app, client, make_member):
    member = make_member(subscribed=True)
    for _ in range(3):
        text_in(client, member.phone, "STOP", sid="SMdup")
    run_jobs(app)
    assert len(messages_of(member, "inbound")) == 1 and len(replies(member)) == 1


@pytest.mark.parametrize("sender", ["", "not a phone", "12"])
def test_a_sender_that_is_no_phone_is_refused_and_nothing_stored(app, client, sender):
    response = client.post("/webhooks/sms/inbound", data={"From": sender, "Body": "STOP"})
    assert response.status_code == 400 and "From" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
