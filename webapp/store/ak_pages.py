"""Stored ActionKit pages: lookups by ActionKit id and short name, synced pages, the Pages tab's list."""
from webapp.extensions import db
from webapp.models import AkAction, AkPage
from webapp.store.integration import get_integration
from webapp.store.paging import paginate
from webapp.store.search import contains_pattern


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


PAGE_SORTS = {
    "name": (db.func.lower(AkPage.name),),
    "title": (db.func.lower(AkPage.title),),
    "type": (AkPage.type, db.func.lower(AkPage.name)),
    "actions": (AkPage.action_count,),
    "synced": (AkPage.synced, db.func.lower(AkPage.name)),
    "updated": (AkPage.ak_updated_at,),
}
SYNCED_FILTERS = {"synced": True, "unsynced": False}


def pages_query(integration_id, q="", synced="", sort="name"):
    """The stored pages, searched by name/title/type, filtered synced/unsynced, sorted (unknown sort: name)."""
    query = db.select(AkPage).filter_by(integration_id=integration_id)
    if q:
        like = contains_pattern(q.lower())
        query = query.where(db.or_(*(db.func.lower(column).like(like, escape="\\")
                                     for column in (AkPage.name, AkPage.title, AkPage.type))))
    if synced in SYNCED_FILTERS:
        query = query.where(AkPage.synced.is_(SYNCED_FILTERS[synced]))
    columns = PAGE_SORTS.get(sort.lstrip("-"), PAGE_SORTS["name"]) + (AkPage.id,)
    return query.order_by(*(c.desc() if sort.startswith("-") else c.asc() for c in columns))


def pages_page(integration_id, q="", synced="", sort="name", page=1, per_page=50):
    """One numbered page of pages (a few hundred at most) with the filtered total."""
    return paginate(pages_query(integration_id, q, synced, sort), page, per_page)


def page_counts(integration_id):
    """{"total", "synced"} stored pages, for the tab and the status summary."""
    query = (db.select(db.func.count(AkPage.id), db.func.count(AkPage.id).filter(AkPage.synced))
             .where(AkPage.integration_id == integration_id))
    total, synced = db.session.execute(query).one()
    return {"total": total, "synced": synced}


def get_page(integration_id, row_id):
    """One stored page of this integration, or None."""
    page = db.session.get(AkPage, row_id)
    return page if page is not None and page.integration_id == integration_id else None


def synced_page_choices(integration_id):
    """(row id, name) of pages with stored actions or synced, for the Actions tab's page filter."""
    query = (db.select(AkPage.id, AkPage.name).where(AkPage.integration_id == integration_id)
             .where(db.or_(AkPage.synced,
                           AkPage.id.in_(db.select(AkAction.page_id).where(AkAction.outcome != "ignored"))))
             .order_by(db.func.lower(AkPage.name), AkPage.id))
    return [(row.id, row.name) for row in db.session.execute(query)]
