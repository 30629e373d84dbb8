"""Twilio's webhooks: inbound texts and delivery status callbacks (public, signature-checked with Twilio on).

With the outbox provider (no SMS number) they answer only when INBOX_SIMULATE is on (development, tests).
An inbound text is stored and answered with empty TwiML at once; routing (consent keywords, flows,
the inbox) runs in a job. A retried webhook (same MessageSid) is answered the same and stored once.
"""
from flask import Blueprint, current_app, request
from sqlalchemy.exc import IntegrityError

from webapp.extensions import csrf, db
from webapp.messaging.providers import get_provider
from webapp.messaging.twilio import STATUSES, signature_valid
from webapp.models import utcnow
from webapp.rules import normalize_phone, scrub
from webapp.store.inbox import find_by_sid, store_inbound

bp = Blueprint("sms_webhooks", __name__)
csrf.exempt(bp)
NO_PROVIDER = ("Refused: no SMS provider is configured (MESSAGING_PROVIDER=outbox), so no inbound text can be "
               "genuine. Set MESSAGING_PROVIDER=twilio, or INBOX_SIMULATE=1 in development.")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# A later callback never moves a message back (Twilio may deliver "sent" after "delivered").
STATUS_RANK = {"queued": 0, "sending": 1, "unknown": 1, "sent": 2, "delivered": 3, "undelivered": 3, "failed": 3}


def _refused():
    """403 unless Twilio signed the request; with the outbox provider, unless inbound texts are simulated (dev).

    Without a provider nobody legitimate posts here, and a forged START would resubscribe someone who opted out."""
    provider = get_provider(current_app.config)
    if not provider.checks_signatures:
        return None if current_app.config.get("INBOX_SIMULATE") else _text(NO_PROVIDER, 403)
    params = {name: request.form.getlist(name) for name in request.form}
    if signature_valid(provider.auth_token, request.url, params, request.headers.get("X-Twilio-Signature")):
        return None
    return _text("Refused: the X-Twilio-Signature header is missing or does not match this request.", 403)


def _text(message, status):
    """A plain-text answer for Twilio's debugger and for people testing with curl."""
    return message, status, {"Content-Type": "text/plain; charset=utf-8"}


def _twiml():
    """The empty TwiML answer: nothing is sent back inline (replies go through the send job)."""
    return EMPTY_TWIML, 200, {"Content-Type": "text/xml; charset=utf-8"}


@bp.post("/inbound")
def inbound():
    """Store the text and queue its routing; 400 for a sender that is not a phone number."""
    refused = _refused()
    if refused:
        return refused
    phone = normalize_phone(request.form.get("From"))
    if phone is None:
        return _text("Refused: From must be a phone number (Twilio's inbound message format).", 400)
    sid = scrub((request.form.get("MessageSid") or "").strip())[:64] or None
    if find_by_sid(sid) is None:
        _store_and_route(phone, request.form.get("Body") or "", sid)
    return _twiml()


def _store_and_route(phone, body, sid):
    """Commit the inbound message and enqueue its routing after the commit (a racing duplicate is dropped)."""
    from jobs.messaging.inbound import queue_routing
    try:
        message = store_inbound(phone, body, sid)
        queue_routing(message.id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same MessageSid was stored by a concurrent retry


@bp.post("/status")
def status():
    """Twilio's status callback: move the message's status forward (unknown sids are acknowledged)."""
    refused = _refused()
    if refused:
        return refused
    sid = scrub((request.form.get("MessageSid") or "").strip())[:64]
    message = find_by_sid(sid)
    new = STATUSES.get((request.form.get("MessageStatus") or "").strip().lower())
    if message is not None and new and STATUS_RANK.get(new, 0) >= STATUS_RANK.get(message.status, 0):
        message.status, message.status_at = new, utcnow()
        code = (request.form.get("ErrorCode") or "").strip()
        if code:
            message.error = f"Twilio error {code[:20]}"
        db.session.commit()
    return "", 204
