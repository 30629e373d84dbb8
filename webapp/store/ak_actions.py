"""Stored ActionKit actions: lookups for the sync that stores and processes them, and the Actions tab's list."""
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import AkAction, AkPage, AkUser
from webapp.security.text import parse_id
from webapp.store.keyset import decode_cursor, encode_cursor, rows_after
from webapp.store.search import contains_pattern


def actions_by_ak_id(integration_id, ak_ids):
    """{ActionKit id: stored action} for the given ids (one query)."""
    ids = sorted({int(i) for i in ak_ids})
    if not ids:
        return {}
    query = db.select(AkAction).where(AkAction.integration_id == integration_id, AkAction.ak_id.in_(ids))
    return {row.ak_id: row for row in db.session.scalars(query)}


def insert_new_actions(values):
    """Insert action rows whose (integration, ActionKit id) is not stored yet; others are left as they are."""
    if not values:
        return
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(AkAction.__table__).on_conflict_do_nothing(index_elements=["integration_id", "ak_id"])
    db.session.execute(statement, values)


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


OUTCOME_LABELS = {"added": "Member added", "skipped": "Skipped", "pending": "Pending",
                  "ignored": "Ignored (page not synced)"}
SOURCE_LABELS = {"webhook": "Webhook", "poll": "Fetch", "backfill": "Backfill"}
ACTION_SORTS = {
    "time": (AkAction.ak_created_at,),
    "page": (AkAction.page_ak_id,),
    "user": (AkAction.ak_user_id,),
    "outcome": (AkAction.outcome,),
    "source": (AkAction.source,),
}
DEFAULT_ACTION_SORT = "-time"


@dataclass(frozen=True)
class ActionFilters:
    """The Actions tab's narrowing: search text, one page, one outcome (unknown outcome ignored)."""
    q: str = ""
    page_id: int | None = None
    outcome: str = ""

    @classmethod
    def from_args(cls, args):
        """From a query string; a malformed page id is InvalidInput (a 400 with its reason)."""
        outcome = args.get("outcome", "").strip()
        return cls(q=args.get("q", "").strip()[:200], page_id=parse_id(args.get("page"), "The page filter"),
                   outcome=outcome if outcome in OUTCOME_LABELS else "")

    def as_args(self):
        """The non-empty filters as query-string arguments."""
        return {k: v for k, v in {"q": self.q, "page": self.page_id, "outcome": self.outcome}.items() if v}


def action_sort(text):
    """(sort text, columns with the id last); an unknown sort falls back to newest first."""
    text = (text or "").strip()
    if text.lstrip("-") not in ACTION_SORTS:
        text = DEFAULT_ACTION_SORT
    return text, ACTION_SORTS[text.lstrip("-")] + (AkAction.id,)


def actions_select(integration_id, filters):
    """Stored actions of this integration matching the filters; ignored ones only when asked for."""
    query = db.select(AkAction).where(AkAction.integration_id == integration_id)
    if filters.outcome:
        query = query.where(AkAction.outcome == filters.outcome)
    else:
        query = query.where(AkAction.outcome != "ignored")
    if filters.page_id is not None:
        query = query.where(AkAction.page_id == filters.page_id)
    if filters.q:
        query = query.where(_action_search(integration_id, filters.q))
    return query


def _action_search(integration_id, text):
    """The acting user's email or name, their ActionKit id, or any actionfield value."""
    like = contains_pattern(text.lower())
    users = db.select(AkUser.ak_id).where(AkUser.integration_id == integration_id, db.or_(
        db.func.lower(AkUser.email).like(like, escape="\\"),
        db.func.lower(db.func.coalesce(AkUser.first_name, "") + " " + db.func.coalesce(AkUser.last_name, ""))
        .like(like, escape="\\")))
    clauses = [AkAction.ak_user_id.in_(users),
               db.func.lower(db.cast(AkAction.fields, db.Text)).like(like, escape="\\")]
    if text.isdigit() and len(text) < 12:
        clauses += [AkAction.ak_user_id == int(text), AkAction.ak_id == int(text)]
    return db.or_(*clauses)


def actions_page(integration_id, filters, sort_text, after=None, before=None, size=50):
    """A keyset page of actions: (rows, next cursor, previous cursor), as the members table pages."""
    sort_text, columns = action_sort(sort_text)
    backwards = bool(before) and not after
    values = decode_cursor(before if backwards else after, columns)
    backwards = backwards and values is not None
    ascending = sort_text.startswith("-") == backwards
    query = actions_select(integration_id, filters).order_by(*(c.asc() if ascending else c.desc() for c in columns))
    rows = rows_after(query, columns, values, ascending, db.engine.dialect.name == "postgresql", size + 1)
    more, rows = len(rows) > size, rows[:size]
    if backwards:
        rows.reverse()
    has_next, has_prev = more or backwards, values is not None and (more or not backwards)
    next_cursor = encode_cursor(rows[-1], columns) if rows and has_next else None
    prev_cursor = encode_cursor(rows[0], columns) if rows and has_prev else None
    return rows, next_cursor, prev_cursor


def count_actions(integration_id, filters, cap=10_000):
    """How many actions match, counted up to a cap (the tab says "10,000+" beyond it)."""
    limited = actions_select(integration_id, filters).with_only_columns(AkAction.id).limit(cap + 1).subquery()
    return db.session.scalar(db.select(db.func.count()).select_from(limited))


def row_details(rows):
    """({page id: name}, {ActionKit user id: scanned user}) for rendering a page of actions."""
    page_ids = sorted({r.page_id for r in rows if r.page_id is not None})
    names = dict(db.session.execute(db.select(AkPage.id, AkPage.name).where(AkPage.id.in_(page_ids))).all())
    users = acting_users(rows[0].integration_id, [r.ak_user_id for r in rows]) if rows else {}
    return names, users
