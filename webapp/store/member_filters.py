"""Reading the member list's source and group filters from a URL, and the choices its filter menus offer.

A stale bookmark or a hand-edited address must never cost a 500 or a blank page: the list drops a
value it cannot use and says so; the CSV export refuses it instead (it must not export more than asked).
"""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import MEMBER_SOURCES, Group
from webapp.security.text import InvalidInput, parse_id
from webapp.store.groups import KIND_LABELS
from webapp.store.member_query import MemberFilters

SEARCH_MAX = 200


def _source(text, notices):
    """The source when it is one members can have, else "" with a notice naming the accepted ones."""
    if text and text not in MEMBER_SOURCES:
        notices.append(f"The source filter “{text[:40]}” is not one of {', '.join(MEMBER_SOURCES)}.")
        return ""
    return text


def _group_id(text, notices):
    """The id of an existing group, else None with a notice (malformed, or the group is gone)."""
    try:
        group_id = parse_id(text, "The group filter")
    except InvalidInput as exc:
        notices.append(str(exc))
        return None
    if group_id is not None and db.session.get(Group, group_id) is None:
        notices.append(f"No group has id {group_id} (it may have been deleted).")
        return None
    return group_id


def _parse(args):
    """(MemberFilters with the usable values, one sentence per value that can't be used)."""
    problems = []
    filters = MemberFilters(q=args.get("q", "").strip()[:SEARCH_MAX],
                            source=_source(args.get("source", "").strip(), problems),
                            group_id=_group_id(args.get("group"), problems))
    return filters, problems


def read_filters(args):
    """(MemberFilters, notices) for the list: bad values are dropped and each notice says so."""
    filters, problems = _parse(args)
    return filters, [f"{problem} That filter was ignored." for problem in problems]


def strict_filters(args):
    """The filters of a query string, or InvalidInput (a 400) naming every value that cannot be used."""
    filters, problems = _parse(args)
    if problems:
        raise InvalidInput(" ".join(problems) + " Nothing was exported; fix the filter and try again.")
    return filters


def group_filter_options():
    """(id, "name (kind)") for every group of every kind, by name, so page, actionfield and usergroup
    groups can be told apart from a manual group of the same name."""
    rows = db.session.execute(select(Group.id, Group.name, Group.kind).order_by(func.lower(Group.name), Group.id))
    return [(row.id, f"{row.name} ({KIND_LABELS.get(row.kind, row.kind)})") for row in rows]
