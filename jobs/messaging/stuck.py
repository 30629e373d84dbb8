"""Texts left "sending" by a dead worker: after a grace period they become "unknown", never resent blindly.

send_message commits "sending" before it calls the provider, so a worker killed during that call leaves
the row "sending" forever; nobody can tell whether the provider took it. The watchdog marks such rows
"unknown" (the Inbox shows "unknown — may have been sent") so staff see the doubt; resending could
text the member twice, so nothing does.
"""
from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.orm import Session

from jobs import get_job_logger
from webapp.extensions import db
from webapp.models import Message, utcnow

# Longer than any live send: the provider's answer timeout plus the retries' 2 s and 10 s waits.
SENDING_GRACE = timedelta(minutes=10)
IN_DOUBT = "The worker sending it stopped before the provider answered, so it is not sent again."

log = get_job_logger(__name__)


def mark_stuck_sends(now=None):
    """Mark outbound texts "sending" for longer than the grace as "unknown"; returns how many."""
    cutoff = (now or utcnow()) - SENDING_GRACE
    stale = or_(Message.status_at < cutoff, and_(Message.status_at.is_(None), Message.created_at < cutoff))
    with Session(db.engine) as session:  # its own commit, whatever the caller does next
        result = session.execute(
            update(Message).where(Message.direction == "outbound", Message.status == "sending", stale)
            .values(status="unknown", error=IN_DOUBT, status_at=now or utcnow())
            .execution_options(synchronize_session=False))
        session.commit()
    if result.rowcount:
        log.warning("watchdog: %d text(s) left sending by a dead worker marked unknown", result.rowcount)
    return result.rowcount
