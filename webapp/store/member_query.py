"""The member list query: filters, search, sort and keyset (cursor) pagination.

Keyset pagination seeks on (sort columns..., id) instead of counting an OFFSET, so page
2,000 costs what page 1 costs. Blank values sort where the database puts NULLs natively
(first on SQLite, last on PostgreSQL) so both can walk their plain indexes.
"""
import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, false, func, or_, select

from webapp.extensions import db
from webapp.models import MEMBER_SOURCES, GroupMembership, Member

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
_PHONE_LIKE = re.compile(r"^[\d\s()+.\-]+$")


@dataclass(frozen=True)
class MemberFilters:
    """What the list is narrowed to: free-text search, source and group."""

    q: str = ""
    source: str = ""
    group_id: int | None = None

    @classmethod
    def from_args(cls, args):
        """Read filters from a query string, ignoring values that cannot apply."""
        source = args.get("source", "").strip()
        group = args.get("group", "").strip()
        return cls(q=args.get("q", "").strip()[:200],
                   source=source if source in MEMBER_SOURCES else "",
                   group_id=int(group) if group.isdigit() else None)

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
        query = query.where(Member.source == filters.source)
    if filters.group_id is not None:
        query = query.where(exists().where(GroupMembership.member_id == Member.id,
                                           GroupMembership.group_id == filters.group_id))
    return query


def search_clause(text):
    """Match names and emails by substring, and phones by their digits in any format."""
    if _PHONE_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 3:
            return Member.phone.like(f"%{digits}%")
    return and_(*(_term_clause(term) for term in text.split()[:5]))


def _term_clause(term):
    """One search word must appear in a name, the email or (as digits) the phone."""
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    options = [column.ilike(pattern, escape="\\")
               for column in (Member.first_name, Member.last_name, Member.email)]
    digits = re.sub(r"\D", "", term)
    if len(digits) >= 3:
        options.append(Member.phone.like(f"%{digits}%"))
    return or_(*options)


def members_page(filters, sort, after=None, before=None, size=50):
    """A page after (or before) a cursor; asks for one extra row to know if more exist."""
    backwards = bool(before) and not after
    values = decode_cursor(before if backwards else after, sort)
    backwards = backwards and values is not None
    ascending = sort.descending == backwards
    query = filtered_select(filters).order_by(
        *(column.asc() if ascending else column.desc() for column in sort.columns))
    if values is not None:
        query = query.where(_beyond(sort.columns, values, ascending, _nulls_high()))
    rows = list(db.session.scalars(query.limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = MemberPage(rows)
    if rows:
        page.next_cursor = encode_cursor(rows[-1], sort) if (more or backwards) else None
        page.prev_cursor = encode_cursor(rows[0], sort) if (values is not None and (more or not backwards)) else None
    return page


def count_capped(filters, cap=COUNT_CAP):
    """Count matches but stop at cap+1 rows, so a count never scans 200k rows."""
    limited = filtered_select(filters).with_only_columns(Member.id).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited))


def _nulls_high():
    """PostgreSQL sorts NULL above every value; SQLite below."""
    return db.session.get_bind().dialect.name == "postgresql"


def _beyond(columns, values, ascending, nulls_high):
    """Rows strictly past the cursor in scan order, leading with a seek the index can use."""
    terms = []
    for index, (column, value) in enumerate(zip(columns, values)):
        past = _past(column, value, ascending, nulls_high)
        if past is not None:
            ties = [column_.is_(None) if value_ is None else column_ == value_
                    for column_, value_ in zip(columns[:index], values[:index])]
            terms.append(and_(*ties, past))
    condition = or_(*terms) if terms else false()
    lead, lead_value = columns[0], values[0]
    if lead_value is not None and ascending and not nulls_high:
        condition = and_(lead >= lead_value, condition)
    elif lead_value is not None and not ascending and nulls_high:
        condition = and_(lead <= lead_value, condition)
    return condition


def _past(column, value, ascending, nulls_high):
    """Values of one column that come after `value` in scan order; None when none can."""
    nulls_come_later = nulls_high == ascending
    if value is None:
        return None if nulls_come_later else column.is_not(None)
    beyond = column > value if ascending else column < value
    return or_(beyond, column.is_(None)) if nulls_come_later else beyond


def encode_cursor(member, sort):
    """An opaque URL-safe token holding the row's sort values and id."""
    values = [getattr(member, column.key) for column in sort.columns]
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token, sort):
    """Sort values from a token; None for a missing or tampered one (first page)."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(values, list) or len(values) != len(sort.columns):
            return None
        return [_typed(column, value) for column, value in zip(sort.columns, values)]
    except (ValueError, TypeError):
        return None


def _typed(column, value):
    """Turn a JSON cursor value back into the column's Python type."""
    if value is None:
        return None
    if column.type.python_type is datetime:
        return datetime.fromisoformat(value)
    if column.type.python_type is int:
        return int(value)
    return str(value)


def list_args(filters, sort):
    """Query-string arguments that reproduce a list view (filters and sort, no cursor)."""
    return dict(filters.as_args(), sort=sort.text)
