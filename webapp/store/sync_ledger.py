"""The sync ledger: one SyncEvent per value that moved, so staff can see who changed what and why."""
from webapp.extensions import db
from webapp.models import SyncEvent

TO_MEMBER = "to_member"
TO_ACTIONKIT = "to_actionkit"


def _text(value):
    """Store values as text (booleans as true/false) so the ledger reads the same for every field."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def event_values(direction, field, old, new, *, rule="", source="", run_id=None, member_id=None,
                 ak_user_id=None, outcome="applied"):
    """The column values of one ledger row, shared by single adds and page-sized inserts."""
    return {"run_id": run_id, "direction": direction, "field": field, "old_value": _text(old),
            "new_value": _text(new), "rule": (rule or "")[:128], "source": source or "",
            "member_id": member_id, "ak_user_id": ak_user_id, "outcome": outcome}


def record_event(direction, field, old, new, **details):
    """Add one ledger row in the caller's transaction."""
    event = SyncEvent(**event_values(direction, field, old, new, **details))
    db.session.add(event)
    return event


def insert_events(rows):
    """Insert many ledger rows (event_values dicts) in one statement, in their order."""
    if rows:
        db.session.execute(db.insert(SyncEvent.__table__), rows)


def settle_queued(member_id, outcome, run_id=None):
    """Mark a member's queued to-ActionKit events applied or failed once their push is settled."""
    query = (db.update(SyncEvent)
             .where(SyncEvent.member_id == member_id, SyncEvent.direction == TO_ACTIONKIT,
                    SyncEvent.outcome == "queued")
             .values(outcome=outcome, **({"run_id": run_id} if run_id else {})))
    db.session.execute(query)


def latest_member_write(member_id, field):
    """The newest ledger row that wrote this member field (None when it never moved through the sync)."""
    query = (db.select(SyncEvent).filter_by(member_id=member_id, field=field, direction=TO_MEMBER,
                                            outcome="applied")
             .order_by(SyncEvent.id.desc()).limit(1))
    return db.session.scalar(query)
