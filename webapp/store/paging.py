"""Offset pagination for small admin lists (groups, a group's members, its change log)."""
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, select

from webapp.extensions import db


@dataclass(frozen=True)
class Page:
    """One page of rows plus what a pager needs to link to its neighbours."""

    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self):
        """At least one page, so an empty list still reads "page 1 of 1"."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        """Whether a previous page exists."""
        return self.number > 1

    @property
    def has_next(self):
        """Whether a next page exists."""
        return self.number < self.pages


def paginate(stmt, number, per_page, scalars=True):
    """Run `stmt` for page `number` (clamped to the valid range) with one count query."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    number = max(1, min(int(number or 1), max(1, ceil(total / per_page))))
    limited = stmt.limit(per_page).offset((number - 1) * per_page)
    result = db.session.execute(limited)
    items = list(result.scalars() if scalars else result.all())
    return Page(items=items, number=number, per_page=per_page, total=total)
