"""Inbox queries and writes: inbound texts as they arrive, conversations newest first, a conversation's thread."""
from dataclasses import dataclass

from sqlalchemy import or_

from webapp.extensions import db
from webapp.models import Automation, Conversation, Flow, Member, Message, utcnow
from webapp.rules import scrub
from webapp.store.keyset import decode_cursor, encode_cursor, rows_after
from webapp.store.search import contains_pattern

PAGE_SIZE = 25
MAX_BODY = 1600  # Twilio's longest message; anything longer is cut, never refused (the sender cannot retry)


def find_by_sid(sid):
    """The message Twilio already sent us with this MessageSid (a retried webhook), or None."""
    return db.session.scalar(db.select(Message).filter_by(provider_sid=sid)) if sid else None


def store_inbound(phone, body, sid=None, provider="twilio"):
    """Keep an inbound text at once (routing runs later in a job); its member is attached if known.

    Characters no database can store (NUL, other controls) are dropped, not refused: the text is the member's."""
    member_id = db.session.scalar(db.select(Member.id).filter_by(phone=phone))
    message = Message(direction="inbound", kind="text", phone=phone, body=scrub(body or "")[:MAX_BODY],
                      status="received", provider=provider, provider_sid=scrub(sid or "") or None,
                      member_id=member_id, created_at=utcnow())
    db.session.add(message)
    db.session.flush()
    return message


@dataclass
class InboxPage:
    """One page of conversations and the cursor of the next (None on the last page)."""

    conversations: list
    next_cursor: str | None


def _columns():
    """The inbox order: most recent message first, id breaking ties."""
    return [Conversation.last_message_at, Conversation.id]


def inbox_page(needs_response=False, search="", after=None, size=PAGE_SIZE):
    """Conversations newest first, optionally only those needing a response or matching a search."""
    query = db.select(Conversation).join(Member, Member.id == Conversation.member_id)
    if needs_response:
        query = query.where(Conversation.needs_response.is_(True))
    if search:
        query = query.where(_matches(search))
    query = query.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    values = decode_cursor(after, _columns())
    rows = rows_after(query, _columns(), values, False, False, size + 1)
    cursor = encode_cursor(rows[size - 1], _columns()) if len(rows) > size else None
    return InboxPage(rows[:size], cursor)


def _matches(search):
    """Name, phone, email or the latest message contains the text (case-insensitive)."""
    pattern = contains_pattern(search.lower())
    columns = (Member.first_name, Member.last_name, Member.phone, Member.email, Conversation.last_message_preview)
    return or_(*(db.func.lower(column).like(pattern, escape="\\") for column in columns))


def thread(conversation, limit=200):
    """The conversation's latest messages, oldest first (as a phone shows them)."""
    query = (db.select(Message).where(Message.conversation_id == conversation.id)
             .order_by(Message.created_at.desc(), Message.id.desc()).limit(limit))
    return list(reversed(list(db.session.scalars(query))))


def conversation_of_member(member_id):
    """The member's conversation, or None before any message."""
    return db.session.scalar(db.select(Conversation).filter_by(member_id=member_id))


def needs_response_count():
    """How many conversations wait for staff (shown on the filter)."""
    query = db.select(db.func.count(Conversation.id)).where(Conversation.needs_response.is_(True))
    return db.session.scalar(query)


def _names(model, ids):
    """{id: name} of the given rows of a model (flows, automations)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(model.id, model.name).where(model.id.in_(ids))).all())


def cause_names(messages):
    """{message id: (flow name or None, automation name or None)} for showing what sent each text."""
    flows = _names(Flow, [m.flow_id for m in messages])
    automations = _names(Automation, [m.automation_id for m in messages])
    return {m.id: (flows.get(m.flow_id), automations.get(m.automation_id)) for m in messages}
