"""The member list query: filters, search, sort and keyset (cursor) pagination.

Keyset pagination seeks on (sort columns..., id) instead of counting an OFFSET, so page
2,000 costs what page 1 costs (see webapp/store/keyset.py).
"""
import re
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, or_, select

from webapp.extensions import db
from webapp.models import GroupMembership, Member
from webapp.store.keyset import decode_cursor, encode_cursor, rows_after
from webapp.store.search import contains_pattern

SORT_COLUMNS = {
    "name": (Member.last_name, Member.first_name),
    "phone": (Member.phone,),
    "email": (Member.email,),
    "location": (Member.state, Member.city),
    "source": (Member.source,),
    "updated": (Member.updated_at,),
}
DEFAULT_SORT = "name"
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000
BIG_GROUP = 5_000
_PHONE_LIKE = re.compile(r"^[\d\s()+.\-]+$")


@dataclass(frozen=True)
class MemberFilters:
    """What the list is narrowed to: free-text search, source and group (read from URLs by member_filters)."""

    q: str = ""
    source: str = ""
    group_id: int | None = None

    def as_args(self):
        """The non-empty filters as query-string arguments (for links and exports)."""
        args = {"q": self.q, "source": self.source, "group": self.group_id}
        return {key: value for key, value in args.items() if value not in ("", None)}


@dataclass(frozen=True)
class SortOrder:
    """A sort key and direction, written "name" or "-name" in URLs."""

    key: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def parse(cls, text):
        """Unknown sort keys fall back to the default rather than erroring."""
        text = (text or "").strip()
        key = text.lstrip("-")
        if key not in SORT_COLUMNS:
            return cls()
        return cls(key, text.startswith("-"))

    @property
    def text(self):
        """The URL form of this order."""
        return f"-{self.key}" if self.descending else self.key

    @property
    def columns(self):
        """Sort columns with the id appended, so every row has a unique position."""
        return SORT_COLUMNS[self.key] + (Member.id,)


@dataclass
class MemberPage:
    """One page of members plus cursors for its neighbours (None when there is none)."""

    members: list = field(default_factory=list)
    next_cursor: str | None = None
    prev_cursor: str | None = None


def filtered_select(filters):
    """SELECT members matching the filters (unordered)."""
    query = select(Member)
    if filters.q:
        query = query.where(search_clause(filters.q))
    if filters.source:
        # A source holds a large share of members, so walking the sort index and skipping the
        # others beats fetching them all by the source index and sorting (SQLite: 80 -> 15 ms).
        query = query.where(func.coalesce(Member.source, Member.source) == filters.source)
    if filters.group_id is not None:
        query = query.where(_group_clause(filters.group_id))
    return query


def _group_clause(group_id):
    """Small groups drive the query from their member ids (a list the planner can count);
    big ones are probed while the sort index is walked (EXISTS). Measured both ways at 200k:
    a subquery or EXISTS alone is 140-230 ms on one database or the other for some group size."""
    in_group = select(GroupMembership.member_id).where(GroupMembership.group_id == group_id)
    member_ids = list(db.session.scalars(in_group.limit(BIG_GROUP + 1)))
    if len(member_ids) > BIG_GROUP:
        return exists().where(GroupMembership.member_id == Member.id, GroupMembership.group_id == group_id)
    return Member.id.in_(member_ids)


def search_clause(text):
    """Match names and emails by substring, and phones by their digits in any format."""
    if _PHONE_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 3:
            return _phone_contains(digits)
    return and_(*(_term_clause(term) for term in text.split()[:5]))


def _term_clause(term):
    """One search word must appear in a name, the email or (as digits) the phone."""
    pattern = contains_pattern(term)
    options = [_contains(column, pattern) for column in (Member.first_name, Member.last_name, Member.email)]
    digits = re.sub(r"\D", "", term)
    if len(digits) >= 3:
        options.append(_phone_contains(digits))
    return or_(*options)


def _contains(column, pattern):
    """Case-insensitive LIKE, measured fastest per database: SQLite's LIKE already ignores
    case (lower() costs it 2x); on PostgreSQL lower(column) is what the trigram indexes in
    webapp/models/members.py hold, so keep the two expressions identical (400 -> 10 ms)."""
    if _dialect() == "sqlite":
        return column.like(pattern, escape="\\")
    return func.lower(column).like(func.lower(pattern), escape="\\")


def _phone_contains(digits):
    """Phone digits anywhere. On PostgreSQL as lower(phone) (a no-op on E.164), the expression
    its trigram index holds: an expression index is one alembic skips on SQLite, which lacks it."""
    column = Member.phone if _dialect() == "sqlite" else func.lower(Member.phone)
    return column.like(f"%{digits}%")


def members_page(filters, sort, after=None, before=None, size=50):
    """A page after (or before) a cursor; asks for one extra row to know if more exist."""
    backwards = bool(before) and not after
    values = decode_cursor(before if backwards else after, sort.columns)
    backwards = backwards and values is not None
    ascending = sort.descending == backwards
    columns = _scan_columns(sort, filters)
    query = filtered_select(filters).order_by(*(c.asc() if ascending else c.desc() for c in columns))
    rows = rows_after(query, columns, values, ascending, _nulls_high(), size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    # Going forward, "more" means a next page; going back it means a previous one.
    has_next, has_prev = more or backwards, values is not None and (more or not backwards)
    page = MemberPage(rows)
    if rows:
        page.next_cursor = encode_cursor(rows[-1], sort.columns) if has_next else None
        page.prev_cursor = encode_cursor(rows[0], sort.columns) if has_prev else None
    return page


def _scan_columns(sort, filters):
    """Sort columns as queried. A substring search reads every row anyway, and walking a sort
    index to do it (fetching rows one by one) is 5-20x slower than a scan plus a top-N sort, so
    searches sort on coalesce(c, c): the same order, but no index matches it."""
    if not filters.q:
        return sort.columns
    lead = sort.columns[0]
    return (func.coalesce(lead, lead), *sort.columns[1:])


def count_capped(filters, page, size):
    """Count matches up to a cap (lower for searches, which scan rows); a lone page already knows."""
    if page.prev_cursor is None and page.next_cursor is None and len(page.members) < size:
        return len(page.members)
    cap = count_cap(filters)
    limited = filtered_select(filters).with_only_columns(Member.id).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited))


def count_cap(filters):
    """Where counting stops: searches test every row they count, so they stop sooner."""
    return SEARCH_COUNT_CAP if filters.q else COUNT_CAP


def _dialect():
    """The database's dialect name ("sqlite", "postgresql")."""
    return db.session.get_bind().dialect.name


def _nulls_high():
    """PostgreSQL sorts NULL above every value; SQLite below."""
    return _dialect() == "postgresql"


def list_args(filters, sort):
    """Query-string arguments that reproduce a list view (filters and sort, no cursor)."""
    return dict(filters.as_args(), sort=sort.text)
