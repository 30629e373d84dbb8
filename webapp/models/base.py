"""Shared column helpers so every table stamps time the same way (naive UTC)."""
from datetime import datetime, timezone

from webapp.extensions import db


def utcnow():
    """Naive UTC now: the whole product stores naive UTC, like ActionKit."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class TimestampMixin:
    """created_at/updated_at columns, updated_at indexed for sorting and watermarks."""

    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow, index=True)
