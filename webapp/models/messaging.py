"""The message log and one conversation per member (the inbox); automations live in models/flows.py."""
from webapp.extensions import db
from webapp.models.base import TimestampMixin, utcnow

DIRECTIONS = ("outbound", "inbound")
# queued -> sending -> sent -> delivered | undelivered | failed; inbound messages are "received";
# "unknown": left "sending" by a dead worker (it may have been sent; never resent).
MESSAGE_STATUSES = ("queued", "sending", "sent", "delivered", "undelivered", "failed", "received", "unknown")
# What a message is for: a normal text, a consent answer (goes even to unsubscribed members), a staff reply.
MESSAGE_KINDS = ("text", "consent", "staff")


class Conversation(TimestampMixin, db.Model):
    """A member's thread in the inbox; needs_response marks texts nothing automatic answered."""

    # The inbox lists conversations newest first by keyset (last_message_at, id).
    __table_args__ = (db.Index("ix_conversation_recent", "last_message_at", "id"),
                      db.Index("ix_conversation_needs_recent", "needs_response", "last_message_at", "id"))

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, unique=True)
    needs_response = db.Column(db.Boolean, nullable=False, default=False)
    last_message_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_message_preview = db.Column(db.String(160), nullable=False, default="")

    member = db.relationship("Member", lazy="joined")


class Message(db.Model):
    """One inbound or outbound text, its delivery status and what caused it (flow, automation, action)."""

    __table_args__ = (db.Index("ix_message_conversation_order", "conversation_id", "created_at", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    conversation_id = db.Column(db.Integer, db.ForeignKey("conversation.id", ondelete="CASCADE"))
    # Inbound texts are stored before their sender is resolved (routing runs in a job), so member_id may wait.
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), index=True)
    direction = db.Column(db.String(8), nullable=False)  # outbound | inbound
    kind = db.Column(db.String(8), nullable=False, default="text")
    # The member's E.164 number at the time: "to" outbound, "from" inbound (every write path sets it).
    phone = db.Column(db.String(20), nullable=False, default="")
    body = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(16), nullable=False, default="queued", index=True)
    error = db.Column(db.Text)
    provider = db.Column(db.String(16))
    provider_sid = db.Column(db.String(64), unique=True)  # Twilio's MessageSid: dedupes retried webhooks
    routed = db.Column(db.Boolean, nullable=False, default=False)  # inbound: routing job has run
    automation_id = db.Column(db.Integer, db.ForeignKey("automation.id", ondelete="SET NULL"), index=True)
    flow_id = db.Column(db.Integer, index=True)
    ak_action_id = db.Column(db.Integer, db.ForeignKey("ak_action.id", ondelete="SET NULL"))
    staff_email = db.Column(db.String(254))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    sent_at = db.Column(db.DateTime)
    status_at = db.Column(db.DateTime)
