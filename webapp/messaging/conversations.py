"""One conversation per member: found or started, and moved to the top of the inbox by each message."""
from webapp.extensions import db
from webapp.models import Conversation, Message, utcnow

PREVIEW_LENGTH = 160


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
