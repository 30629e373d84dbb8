"""Read-side queries for the ActionKit area: scanned users, their ledger, runs and failed pushes."""
import re

from webapp.rules.eligibility import STATUS_LABELS as RULE_STATUS_LABELS
from webapp.extensions import db
from webapp.models import USER_STATUSES, AkUser, PushOutbox, SyncEvent
from webapp.store.search import contains_pattern

SORTS = {
    "ak_id": (AkUser.ak_id,),
    "email": (AkUser.email, AkUser.ak_id),
    "name": (AkUser.last_name, AkUser.first_name, AkUser.ak_id),
    "phone": (AkUser.phone_e164, AkUser.ak_id),
    "status": (AkUser.status, AkUser.ak_id),
    "updated": (AkUser.updated_at, AkUser.ak_id),
}
STATUS_LABELS = {status: RULE_STATUS_LABELS[status] for status in USER_STATUSES}  # the statuses a row keeps


def _search_clause(text):
    """Match email, first/last/full name, or phone (digits compared against E.164 and raw)."""
    like = contains_pattern(text.lower())
    full_name = db.func.lower(db.func.coalesce(AkUser.first_name, "") + " " + db.func.coalesce(AkUser.last_name, ""))
    clauses = [db.func.lower(AkUser.email).like(like, escape="\\"), full_name.like(like, escape="\\"),
               db.func.lower(AkUser.last_name).like(like, escape="\\")]
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 3:
        clauses += [AkUser.phone_e164.like(f"%{digits}%"),
                    AkUser.phone_raw.like(contains_pattern(text), escape="\\")]
    return db.or_(*clauses)


def users_query(integration, q="", status="", sort="ak_id"):
    """The filtered, sorted AkUser select (shared by the table and the CSV export)."""
    query = db.select(AkUser).filter_by(integration_id=integration.id)
    if q.strip():
        query = query.filter(_search_clause(q.strip()))
    if status in USER_STATUSES:
        query = query.filter(AkUser.status == status)
    columns = SORTS.get(sort.lstrip("-"), SORTS["ak_id"])
    return query.order_by(*[c.desc() if sort.startswith("-") else c.asc() for c in columns])


def users_page(integration, q="", status="", sort="ak_id", page=1, per_page=50):
    """One page of users plus the filtered total."""
    query = users_query(integration, q, status, sort)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return rows, total


def get_ak_user(integration, row_id):
    """One scanned user of this integration, or None."""
    user = db.session.get(AkUser, row_id)
    return user if user is not None and user.integration_id == integration.id else None


def user_ledger(ak_user, limit=500):
    """Every change synced for this user, newest first."""
    query = (db.select(SyncEvent).filter_by(ak_user_id=ak_user.ak_id)
             .order_by(SyncEvent.at.desc(), SyncEvent.id.desc()).limit(limit))
    return list(db.session.scalars(query))


def failed_pushes(limit=100):
    """Outbox rows that gave up, newest first, so staff can see and retry them."""
    query = db.select(PushOutbox).filter_by(status="failed").order_by(PushOutbox.id.desc()).limit(limit)
    return list(db.session.scalars(query))
