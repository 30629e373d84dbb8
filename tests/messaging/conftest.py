"""Messaging fixtures: the live-sandbox ones of the sync tests, and helpers that read messages back."""
from tests.sync_jobs.conftest import activated, app, connected, raw, run_jobs, sandbox  # noqa: F401
from webapp.extensions import db
from webapp.models import ConsentChange, Conversation, Message
from webapp.queues import get_queue


def messages_of(member, direction=None):
    """The member's messages oldest first (optionally one direction)."""
    query = db.select(Message).filter_by(member_id=member.id).order_by(Message.id)
    if direction:
        query = query.filter_by(direction=direction)
    return list(db.session.scalars(query))


def ledger(member):
    """The member's consent ledger oldest first."""
    query = db.select(ConsentChange).filter_by(member_id=member.id).order_by(ConsentChange.id)
    return list(db.session.scalars(query))


def count(model):
    """Rows of a model (to prove nothing was stored)."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def queued_job_names():
    """Function names of the jobs waiting on the app's queue."""
    return [job.func_name for job in get_queue().get_jobs()]


__all__ = ["messages_of", "ledger", "count", "queued_job_names", "Conversation", "Message", "run_jobs"]
