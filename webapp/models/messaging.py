"""Automations that text members who act, and the message log."""
from webapp.extensions import db
from webapp.models.base import TimestampMixin, utcnow


class Automation(TimestampMixin, db.Model):
    """Sends a text when a member acts on a page or joins a group."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    trigger = db.Column(db.String(24), nullable=False, default="page_action")  # page_action | group_join
    page_id = db.Column(db.Integer, db.ForeignKey("ak_page.id", ondelete="SET NULL"), index=True)
    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="SET NULL"), index=True)
    body = db.Column(db.Text, nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)


class Message(db.Model):
    """One inbound or outbound text, with what caused it."""

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    direction = db.Column(db.String(8), nullable=False)  # outbound | inbound
    body = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(16), nullable=False, default="queued")
    automation_id = db.Column(db.Integer, db.ForeignKey("automation.id", ondelete="SET NULL"), index=True)
    ak_action_id = db.Column(db.Integer, db.ForeignKey("ak_action.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
