"""A batch's new members and users, ledger rows, decided pushes and group joins, written in bulk.

New members get their ids only when the batch is written, so each buffered row keeps the
member object and takes its id then: one INSERT per table per batch (and one flush for the
rows that already existed) instead of a flush per user.
"""
from webapp.extensions import db
from webapp.models import AkUser, ConsentChange, GroupChange, GroupMembership, Member, MemberFieldValue, utcnow
from webapp.store.memberships import member_label
from webapp.store.outbox import decided_values, insert_decided_pushes
from webapp.store.sync_ledger import event_values, insert_events

from webapp.rules.eligibility import STATUS_SYNCED

SYNC_ACTOR = "ActionKit sync"  # who the group change log says made the join


class BatchWrites:
    """Rows bound for the ledger, the outbox and the primary group, in the order they were decided."""

    def __init__(self, batch):
        self.batch, self.group = batch, batch.group
        self.events, self.pushes, self.joins, self.consents = [], [], [], []

    def event(self, member, direction, field, old, new, **details):
        """Buffer one ledger row of this member (see sync_ledger.event_values)."""
        self.events.append((member, event_values(direction, field, old, new, **details)))

    def push(self, member, ak_user_id, changes, former, source):
        """Buffer one decided push of this member (see outbox.decided_values)."""
        self.pushes.append((member, decided_values(None, ak_user_id, changes, former, source)))

    def consent(self, member, old, new, source, evidence):
        """Buffer one consent ledger row of this member (a new member's first status)."""
        self.consents.append((member, {"old": old, "new": bool(new), "source": source, "evidence": evidence,
                                       "at": utcnow()}))

    def join(self, member):
        """Buffer the member's join to the primary group, labelled as it is now (as the change log does)."""
        self.joins.append((member, member_label(member)))

    def save_members(self):
        """Insert the batch's members still without an id, then link the rows that created them."""
        insert_members([m for m in self.batch.new_members if m.id is None])
        for row, member in self.batch.new_links:
            if row.status == STATUS_SYNCED and row.member_id is None:
                row.member_id = member.id
        self.batch.new_links = []

    def persist_member(self, member):
        """A member created earlier in this batch as a session object, for a later user to link and sync."""
        self.save_members()
        persistent = db.session.get(Member, member.id)
        self.batch.members[member.phone] = persistent
        return persistent

    def flush(self):
        """Insert new members, flush changed rows, insert new rows, then the buffered rows."""
        self.save_members()
        db.session.flush()
        insert_akusers(self.batch.new_rows)
        self.batch.new_rows = []
        insert_events([_with_member(values, member) for member, values in self.events])
        insert_decided_pushes([_with_member(values, member) for member, values in self.pushes])
        if self.consents:
            db.session.execute(db.insert(ConsentChange.__table__),
                               [_with_member(values, member) for member, values in self.consents])
        self._insert_joins()
        self.events, self.pushes, self.joins, self.consents = [], [], [], []

    def _insert_joins(self):
        """Memberships and their "joined" change-log rows, as add_member_to_group writes them."""
        if not self.joins:
            return
        group_id = self.group.id
        db.session.execute(db.insert(GroupMembership.__table__),
                           [{"group_id": group_id, "member_id": m.id} for m, _ in self.joins])
        db.session.execute(db.insert(GroupChange.__table__),
                           [{"group_id": group_id, "member_id": m.id, "member_label": label,
                             "action": "joined", "actor": SYNC_ACTOR} for m, label in self.joins])


def _with_member(values, member):
    """Row values with the member's id, known once the batch is flushed."""
    values["member_id"] = member.id
    return values


# Bulk inserts: objects built during a batch go in with one statement per table instead of a unit-of-work
# flush (the ORM flush of ~200 new objects per batch cost more than all the batch's rules).

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
