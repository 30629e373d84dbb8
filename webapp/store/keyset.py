"""Keyset (cursor) pagination over any ordered columns, NULL-aware on SQLite and PostgreSQL.

The last column must be unique and non-null (an id) so every row has one position. Blanks sort
where the database puts NULLs natively (lowest on SQLite, highest on PostgreSQL), so both can walk
plain indexes; the predicates below follow whichever the caller says is in force.
"""
import base64
import json
from datetime import datetime

from sqlalchemy import and_, false, or_, tuple_

from webapp.extensions import db

INT64_LIMIT = 2**63


def beyond(columns, values, ascending, nulls_high):
    """Rows strictly past the cursor in scan order, written so an index can seek to it."""
    nulls_later = nulls_high == ascending
    if None not in values and all(not (nulls_later and _nullable(c)) for c in columns):
        # No NULL can sort after the cursor, so a row-value comparison is exact, and it lets
        # both databases seek a composite index instead of walking one tie group.
        return tuple_(*columns) > tuple_(*values) if ascending else tuple_(*columns) < tuple_(*values)
    terms = []
    for index, (column, value) in enumerate(zip(columns, values)):
        past = past_value(column, value, ascending, nulls_later)
        if past is not None:
            ties = [column_.is_(None) if value_ is None else column_ == value_
                    for column_, value_ in zip(columns[:index], values[:index])]
            terms.append(and_(*ties, past))
    condition = or_(*terms) if terms else false()
    lead, lead_value = columns[0], values[0]
    if lead_value is not None and not (nulls_later and _nullable(lead)):
        condition = and_(lead >= lead_value if ascending else lead <= lead_value, condition)
    return condition


def rows_after(query, columns, values, ascending, nulls_high, limit):
    """Up to `limit` rows past the cursor. When blank leads sort after every value, read the
    non-blank rows with a seek first, then the blank ones: an OR with IS NULL cannot seek."""
    if values is None:
        return list(db.session.scalars(query.limit(limit)))
    lead, lead_value = columns[0], values[0]
    past = beyond(columns, values, ascending, nulls_high)
    if lead_value is None or not (nulls_high == ascending and _nullable(lead)):
        return list(db.session.scalars(query.where(past).limit(limit)))
    seek = lead >= lead_value if ascending else lead <= lead_value
    rows = list(db.session.scalars(query.where(lead.is_not(None), seek, past).limit(limit)))
    if len(rows) < limit:
        rows += db.session.scalars(query.where(lead.is_(None)).limit(limit - len(rows)))
    return rows


def past_value(column, value, ascending, nulls_later):
    """Values of one column that come after `value` in scan order; None when none can."""
    if value is None:
        return None if nulls_later else column.is_not(None)
    strictly = column > value if ascending else column < value
    return or_(strictly, column.is_(None)) if nulls_later and _nullable(column) else strictly


def _nullable(column):
    """Whether a column (or expression, assumed so) can hold NULL."""
    return getattr(column, "nullable", True)


def encode_cursor(row, columns):
    """An opaque URL-safe token holding the row's values of the sort columns."""
    values = [getattr(row, column.key) for column in columns]
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token, columns):
    """Sort values from a token; None for a missing or tampered one (first page)."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(values, list) or len(values) != len(columns):
            return None
        return [_typed(column, value) for column, value in zip(columns, values)]
    except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[..." nested past the limit
        return None


def _typed(column, value):
    """Turn a JSON cursor value back into the column's Python type; values no row can hold are tampering."""
    if value is None:
        return None
    if column.type.python_type is datetime:
        return datetime.fromisoformat(value)
    if column.type.python_type is int:
        number = int(value)
        if not -INT64_LIMIT <= number < INT64_LIMIT:
            raise ValueError("cursor integer out of range")  # drivers overflow on it
        return number
    text = str(value)
    if "\x00" in text:
        raise ValueError("NUL in cursor")  # PostgreSQL refuses NUL in text: a DataError
    return text

