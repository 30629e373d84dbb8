"""The message log (automations and flows live in webapp/models/flows.py)."""
from webapp.extensions import db
from webapp.models.base import utcnow


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
