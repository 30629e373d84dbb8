"""The send job: one queued message goes out through the configured provider, exactly once.

The message is marked "sending" (committed) before the provider is called, so a rerun of the job
(a retried or duplicated enqueue) never sends it twice; a message left "sending" by a dead worker is
marked "unknown" by the watchdog after a grace period (jobs.messaging.stuck), never sent again blindly.
"""
import time

from flask import current_app

from jobs import get_job_logger
from webapp.extensions import db
from webapp.messaging.providers import ProviderError, SendResult, get_provider
from webapp.models import Member, Message, utcnow

log = get_job_logger("messaging.send")
NEEDS_CONSENT = ("text", "staff")  # consent answers go out even to an unsubscribed member


def send_message(message_id):
    """Send one queued outbound message; returns its final status (None when there was nothing to send)."""
    message = db.session.get(Message, message_id)
    if message is None or message.direction != "outbound" or message.status != "queued":
        return None
    refusal = _refusal(message)
    if refusal:
        return _finish(message, SendResult(status="failed", error=refusal))
    provider = get_provider(current_app.config)
    message.status, message.provider, message.status_at = "sending", provider.name, utcnow()
    db.session.commit()  # the watchdog's grace for a dead worker counts from here
    return _finish(message, _send_with_retries(provider, message))


def _send_with_retries(provider, message):
    """The provider's answer; a transient error (the provider surely did not take it) is tried again."""
    delays = list(current_app.config.get("MESSAGING_RETRY_DELAYS", ()))
    while True:
        try:
            return provider.send(message.phone, message.body, message.id)
        except ProviderError as exc:
            if not (exc.retry and delays):
                log.warning("message %s not sent: %s", message.id, exc)
                return SendResult(status="failed", error=str(exc))
            time.sleep(delays.pop(0))


def _refusal(message):
    """Why this message may not go out now (the member unsubscribed after it was queued), or None."""
    member = db.session.get(Member, message.member_id) if message.member_id else None
    if member is None:
        return "Not sent: the member no longer exists."
    if message.kind in NEEDS_CONSENT and not member.subscribed:
        return "Not sent: the member unsubscribed before it went out."
    return None


def _finish(message, result):
    """Store what the provider answered."""
    now = utcnow()
    message.status, message.provider_sid = result.status, result.sid
    message.error = (result.error or None) and result.error[:2000]
    message.status_at = now
    if result.status != "failed":
        message.sent_at = now
    db.session.commit()
    return message.status
