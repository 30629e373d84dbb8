"""Queueing outbound texts: stored in the member's conversation now, sent by a job after the caller commits."""
from webapp.messaging.conversations import add_message, conversation_for

SEND_TIMEOUT = 120


def queue_outbound(member, body, *, automation_id=None, flow_id=None, ak_action_id=None):
    """A queued outbound Message, or None (nothing stored) when the member is not subscribed."""
    if not member.subscribed:
        return None
    return _queue(member, body, "text", automation_id=automation_id, flow_id=flow_id, ak_action_id=ak_action_id)


def queue_consent_reply(member, body):
    """The STOP/START/HELP answer: the one text an unsubscribed member still gets (carriers expect it)."""
    return _queue(member, body, "consent")


def queue_staff_reply(member, body, staff_email):
    """A reply typed by staff in the inbox; refused (None) for an unsubscribed member like any text."""
    if not member.subscribed:
        return None
    return _queue(member, body, "staff", staff_email=staff_email)


def _queue(member, body, kind, **cause):
    """Store the message as queued and enqueue its send once the caller's transaction commits."""
    from jobs.messaging.send import send_message
    from jobs.sync.jobqueue import after_commit
    from webapp.queues import job_key
    message = add_message(member, conversation_for(member), direction="outbound", kind=kind, body=body,
                          status="queued", **cause)
    after_commit(send_message, message.id, job_id=job_key(None, "sms-send", message.id), job_timeout=SEND_TIMEOUT)
    return message
