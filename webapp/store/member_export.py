"""CSV export of the filtered member list, streamed in id-ordered batches (web and CLI share it).

Every cell goes through spreadsheet_row: names arrive from public ActionKit petitions, so a
value like =HYPERLINK(...) must open as text, not run as a formula.
"""
import csv
import io

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Group, GroupMembership, Member
from webapp.security.spreadsheet import spreadsheet_row
from webapp.store.member_query import filtered_select
from webapp.store.members import custom_fields

CORE_COLUMNS = ("id", "phone", "email", "first_name", "last_name", "city", "state", "zip",
                "subscribed", "source")
BATCH_SIZE = 1000


def export_header(fields):
    """Core columns, then groups, then one column per custom field (in field id order)."""
    return [*CORE_COLUMNS, "groups", *(field.name for field in fields)]


def export_rows(filters):
    """Yield the header and one list per matching member, a batch of members at a time."""
    fields = custom_fields()
    yield export_header(fields)
    last_id = 0
    while True:
        query = filtered_select(filters).where(Member.id > last_id).order_by(Member.id).limit(BATCH_SIZE)
        batch = list(db.session.scalars(query))
        if not batch:
            return
        ids = [member.id for member in batch]
        groups = _group_names(ids)
        for member in batch:
            yield _row(member, groups.get(member.id, []), fields)
        last_id = ids[-1]
        db.session.expunge_all()  # keep memory flat across 200k members


def export_csv_chunks(filters):
    """The export as CSV text chunks, one per batch of rows, for streaming responses."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 "\r\n": a CR or LF inside a value is then quoted, never a new row
    for count, row in enumerate(export_rows(filters), start=1):
        writer.writerow(spreadsheet_row(row))
        if count % BATCH_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _row(member, group_names, fields):
    """One CSV row: core values (blank for missing), groups joined by '; ', custom values."""
    values = {value.field_id: value.value for value in member.field_values}
    core = [getattr(member, column) for column in CORE_COLUMNS]
    core = ["" if value is None else value for value in core]
    core[CORE_COLUMNS.index("subscribed")] = "true" if member.subscribed else "false"
    return [*core, "; ".join(group_names), *(values.get(field.id, "") for field in fields)]


def _group_names(member_ids):
    """Group names per member id, alphabetical."""
    query = (select(GroupMembership.member_id, Group.name)
             .join(Group, Group.id == GroupMembership.group_id)
             .where(GroupMembership.member_id.in_(member_ids)).order_by(Group.name))
    names = {}
    for member_id, name in db.session.execute(query):
        names.setdefault(member_id, []).append(name)
    return names

