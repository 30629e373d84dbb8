"""The consent ledger: every change of a member's subscription, with where it came from and why."""
from webapp.extensions import db
from webapp.models.base import utcnow

# keyword = the member texted STOP/START..., staff = member form, actionkit = the sync, csv/import = a file,
# sms = a first text from an unknown number, creation = a member created with a status.
CONSENT_SOURCES = ("keyword", "staff", "actionkit", "csv", "import", "sms", "creation")


class ConsentChange(db.Model):
    """One subscription change: kept as evidence of consent (old None = the member's first status)."""

    __table_args__ = (db.Index("ix_consent_change_member_at", "member_id", "at", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    old = db.Column(db.Boolean)
    new = db.Column(db.Boolean, nullable=False)
    source = db.Column(db.String(16), nullable=False)
    evidence = db.Column(db.Text, nullable=False, default="")
