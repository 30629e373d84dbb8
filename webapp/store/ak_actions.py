"""Stored ActionKit actions: lookups for the sync that stores and processes them."""
from webapp.extensions import db
from webapp.models import AkAction, AkUser


def actions_by_ak_id(integration_id, ak_ids):
    """{ActionKit id: stored action} for the given ids (one query)."""
    ids = sorted({int(i) for i in ak_ids})
    if not ids:
        return {}
    query = db.select(AkAction).where(AkAction.integration_id == integration_id, AkAction.ak_id.in_(ids))
    return {row.ak_id: row for row in db.session.scalars(query)}


def rows_by_ids(row_ids):
    """Stored actions by row id, in id order."""
    if not row_ids:
        return []
    return list(db.session.scalars(db.select(AkAction).where(AkAction.id.in_(list(row_ids))).order_by(AkAction.id)))


def _pending(integration_id):
    """Rows stored as pending and not processed yet."""
    return (db.select(AkAction.id)
            .where(AkAction.integration_id == integration_id, AkAction.outcome == "pending",
                   AkAction.processed_at.is_(None)))


def has_pending_actions(integration_id):
    """True when some action waits to be processed."""
    return db.session.scalar(_pending(integration_id).limit(1)) is not None


def pending_action_ids(integration_id, limit=100):
    """The oldest pending rows' ids, so they are processed in the order they arrived."""
    return list(db.session.scalars(_pending(integration_id).order_by(AkAction.id).limit(limit)))


def acting_users(integration_id, ak_ids):
    """{ActionKit user id: scanned user row} for the users who took some actions."""
    ids = sorted({int(i) for i in ak_ids if i is not None})
    if not ids:
        return {}
    query = db.select(AkUser).where(AkUser.integration_id == integration_id, AkUser.ak_id.in_(ids))
    return {row.ak_id: row for row in db.session.scalars(query)}
