"""Conversations, where every text lives: one per member, and outbound texts queued into them.

An outbound text is stored now, in the caller's transaction, and sent by a job enqueued after the caller commits."""
from webapp.extensions import db
from webapp.models import Conversation, Message, utcnow

PREVIEW_LENGTH = 160
SEND_TIMEOUT = 120


def conversation_for(member):
    """The member's conversation, started on first use (a unique member_id keeps it to one)."""
    conversation = db.session.scalar(db.select(Conversation).filter_by(member_id=member.id))
    if conversation is None:
        conversation = Conversation(member_id=member.id, needs_response=False, last_message_at=utcnow())
        db.session.add(conversation)
        db.session.flush()
    return conversation


def add_message(member, conversation, **values):
    """Store a message in the conversation and show it as the conversation's latest."""
    now = utcnow()
    message = Message(member_id=member.id, conversation_id=conversation.id, phone=member.phone,
                      created_at=now, **values)
    db.session.add(message)
    note_latest(conversation, message.body, now)
    db.session.flush()
    return message


def note_latest(conversation, body, at):
    """The inbox sorts by the latest message and shows its first words."""
    conversation.last_message_at = at
    conversation.last_message_preview = " ".join((body or "").split())[:PREVIEW_LENGTH]


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
