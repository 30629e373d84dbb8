"""Routing an inbound text: its member (created for a new number), consent keywords, then flows, else the inbox.

Order (carriers' rules first): STOP words unsubscribe, end running flows and get ONE confirmation;
START/UNSTOP/YES resubscribe an unsubscribed member with a reply; HELP is always answered; anything
else goes to the flow engine, and what no flow or automation consumed marks the conversation
"needs response". A new number becomes a subscribed member (source "sms"): texting the number is the
opt-in people expect from an SMS program, and the ledger keeps the text as evidence; a first text that
is a STOP word makes an unsubscribed member instead, so the opt-out is remembered.
"""
from flask import current_app
from sqlalchemy.exc import IntegrityError

from jobs.sync.jobqueue import after_commit
from webapp.extensions import db
from webapp.messaging.conversations import conversation_for, note_latest, queue_consent_reply
from webapp.models import Member, Message
from webapp.queues import job_key
from webapp.rules.keywords import consent_keyword
from webapp.store.consent import record_subscription_change

ROUTE_TIMEOUT = 120


def queue_routing(message_id):
    """Route the stored inbound message once the caller's transaction commits."""
    after_commit(route_inbound, message_id, job_id=job_key(None, "sms-route", message_id), job_timeout=ROUTE_TIMEOUT)


def route_inbound(message_id):
    """Route one inbound message (idempotent: a routed message is left alone); returns what handled it."""
    message = db.session.get(Message, message_id)
    if message is None or message.direction != "inbound" or message.routed:
        return None
    member, created = _sender(message)
    conversation = conversation_for(member)
    message.member_id, message.conversation_id = member.id, conversation.id
    note_latest(conversation, message.body, message.created_at)
    keyword = consent_keyword(message.body, member.subscribed and not created)  # a new texter's START is answered
    handled = apply_keyword(member, message, keyword, created)
    if handled is None:
        handled = _to_flows(member, message, conversation)
    message.routed = True
    db.session.commit()
    return handled


def _sender(message):
    """(member, created): the member with the sender's phone, created for a new number (a racing one is reused)."""
    member = db.session.scalar(db.select(Member).filter_by(phone=message.phone))
    if member is not None:
        return member, False
    wants_out = consent_keyword(message.body, True) == "stop"
    try:
        with db.session.begin_nested():
            member = Member(phone=message.phone, source="sms", subscribed=False)
            record_subscription_change(member, not wants_out, "keyword" if wants_out else "sms",
                                       f"First text from {message.phone}: \u201c{message.body[:200]}\u201d "
                                       f"(message {message.provider_sid or message.id}).")
    except IntegrityError:
        return db.session.scalar(db.select(Member).filter_by(phone=message.phone)), False
    return member, True


def _to_flows(member, message, conversation):
    """Hand the text to the flow engine; unconsumed (or from an unsubscribed member) it needs a person."""
    consumed = False
    if member.subscribed:
        db.session.flush()
        consumed = _engine_consumes(message.id)
    if not consumed:
        conversation.needs_response = True
    return "flow" if consumed else "inbox"


def _flow_engine():
    """The flow engine, imported when first needed (it imports messaging itself)."""
    from jobs.flows import engine
    return engine


def _engine_consumes(message_id):
    """The flow engine's verdict: did a running flow or an automation take this text?"""
    return bool(_flow_engine().handle_inbound(message_id))


def apply_keyword(member, message, keyword, new_member=False):
    """Act on "stop", "start" or "help" and return it; None (not a keyword) leaves the text to the flows.

    new_member: the sender was just created (a first text STOP made it unsubscribed): still owed the reply."""
    if keyword is None:
        return None
    if keyword == "help":
        queue_consent_reply(member, current_app.config["MESSAGING_HELP_REPLY"])
        return keyword
    subscribed = keyword == "start"
    evidence = f"Texted \u201c{message.body.strip()[:100]}\u201d from {message.phone} " \
               f"(message {message.provider_sid or message.id})."
    changed = record_subscription_change(member, subscribed, "keyword", evidence)
    if not subscribed:
        _stop_flows(member.id)
    if changed is not None or new_member:
        queue_consent_reply(member, current_app.config["MESSAGING_START_REPLY" if subscribed
                                                       else "MESSAGING_STOP_REPLY"])
        _request_push()
    return keyword


def _stop_flows(member_id):
    """End the member's running flows."""
    _flow_engine().stop_flows(member_id)


def _request_push():
    """Send the opt-in change to ActionKit soon, not at the next 10-minute cycle."""
    from jobs.sync.control import request_push
    request_push()
