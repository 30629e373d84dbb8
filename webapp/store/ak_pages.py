"""Stored ActionKit pages: lookups by ActionKit id and short name, synced pages."""
from webapp.extensions import db
from webapp.models import AkAction, AkPage
from webapp.store.integration import get_integration


def pages_by_ak_id(integration_id, ak_ids):
    """{ActionKit id: stored page} for the given ids (one query)."""
    ids = sorted({int(i) for i in ak_ids if i is not None})
    if not ids:
        return {}
    query = db.select(AkPage).where(AkPage.integration_id == integration_id, AkPage.ak_id.in_(ids))
    return {row.ak_id: row for row in db.session.scalars(query)}


def page_by_name(name, integration_id=None):
    """The stored page with this short name (of the current integration), or None."""
    integration_id = integration_id or _current_integration_id()
    if integration_id is None or not isinstance(name, str):
        return None
    return db.session.scalar(db.select(AkPage).filter_by(integration_id=integration_id, name=name.strip()))


def synced_pages(integration_id):
    """The pages whose actions feed their group, in ActionKit id order."""
    query = db.select(AkPage).filter_by(integration_id=integration_id, synced=True).order_by(AkPage.ak_id)
    return list(db.session.scalars(query))


def refresh_stored_counts(integration_id):
    """A synced page's action count is its stored actions (one grouped query)."""
    counts = dict(db.session.execute(
        db.select(AkAction.page_id, db.func.count(AkAction.id))
        .join(AkPage, AkPage.id == AkAction.page_id)
        .where(AkPage.integration_id == integration_id, AkPage.synced).group_by(AkAction.page_id)).all())
    for page in synced_pages(integration_id):
        page.action_count = counts.get(page.id, 0)
    db.session.flush()


def _current_integration_id():
    """The connected integration's id, or None."""
    integration = get_integration()
    return integration.id if integration is not None else None
