"""Insert objects built during a page in one statement per table instead of a unit-of-work flush.

The page's new users and members are plain (transient) model objects until the page ends;
the ORM flush of ~200 such objects per page cost more than all the page's rules. Values are
taken as the ORM would insert them: attributes that were set, column defaults for the rest.
"""
from webapp.extensions import db
from webapp.models import AkUser, Member, MemberFieldValue


def insert_values(obj, table):
    """One object's column values, column defaults filled in where the attribute was never set."""
    values = {}
    for column in table.columns:
        if column.primary_key and column.autoincrement is not False and column.key == "id":
            continue
        if column.key in obj.__dict__:
            values[column.key] = obj.__dict__[column.key]
        elif column.default is not None:
            default = column.default
            values[column.key] = default.arg(None) if default.is_callable else default.arg
        else:
            values[column.key] = None
    return values


def insert_members(members):
    """Insert new members and their custom values; sets each member's id (read back by the unique phone).

    One executemany plus one SELECT: SQLite cannot return ids in order from a multi-row insert,
    so an ordered RETURNING would fall back to one INSERT per member."""
    if not members:
        return
    table = Member.__table__
    db.session.execute(db.insert(table), [insert_values(m, table) for m in members])
    query = db.select(table.c.phone, table.c.id).where(table.c.phone.in_([m.phone for m in members]))
    ids = dict(db.session.execute(query).all())
    for member in members:
        member.id = ids[member.phone]
    values = [{"member_id": m.id, "field_id": v.field_id, "value": v.value}
              for m in members for v in m.__dict__.get("field_values", [])]
    if values:
        db.session.execute(db.insert(MemberFieldValue.__table__), values)


def insert_akusers(rows):
    """Insert new scanned-user rows in their order."""
    if rows:
        table = AkUser.__table__
        db.session.execute(db.insert(table), [insert_values(row, table) for row in rows])
