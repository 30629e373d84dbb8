"""A page's new members and users, ledger rows, decided pushes and group joins, written in bulk.

New members get their ids only when the page is written, so each buffered row keeps the
member object and takes its id then: one INSERT per table per page (and one flush for the
rows that already existed) instead of a flush per user.
"""
from webapp.extensions import db
from webapp.models import GroupChange, GroupMembership, Member
from webapp.store.memberships import _label as member_label
from webapp.store.outbox import decided_values, insert_decided_pushes
from webapp.store.sync_ledger import event_values, insert_events

from webapp.rules.eligibility import STATUS_SYNCED

from jobs.sync.bulkrows import insert_akusers, insert_members
from jobs.sync.memberdata import ACTOR


class PageWrites:
    """Rows bound for the ledger, the outbox and the primary group, in the order they were decided."""

    def __init__(self, page):
        self.page, self.group = page, page.group
        self.events, self.pushes, self.joins = [], [], []

    def event(self, member, direction, field, old, new, **details):
        """Buffer one ledger row of this member (see sync_ledger.event_values)."""
        self.events.append((member, event_values(direction, field, old, new, **details)))

    def push(self, member, ak_user_id, changes, former, source):
        """Buffer one decided push of this member (see outbox.decided_values)."""
        self.pushes.append((member, decided_values(None, ak_user_id, changes, former, source)))

    def join(self, member):
        """Buffer the member's join to the primary group, labelled as it is now (as the change log does)."""
        self.joins.append((member, member_label(member)))

    def save_members(self):
        """Insert the page's members still without an id, then link the rows that created them."""
        insert_members([m for m in self.page.new_members if m.id is None])
        for row, member in self.page.new_links:
            if row.status == STATUS_SYNCED and row.member_id is None:
                row.member_id = member.id
        self.page.new_links = []

    def persist_member(self, member):
        """A member created earlier in this page as a session object, for a later user to link and sync."""
        self.save_members()
        persistent = db.session.get(Member, member.id)
        self.page.members[member.phone] = persistent
        return persistent

    def flush(self):
        """Insert new members, flush changed rows, insert new rows, then the buffered rows."""
        self.save_members()
        db.session.flush()
        insert_akusers(self.page.new_rows)
        self.page.new_rows = []
        insert_events([_with_member(values, member) for member, values in self.events])
        insert_decided_pushes([_with_member(values, member) for member, values in self.pushes])
        self._insert_joins()
        self.events, self.pushes, self.joins = [], [], []

    def _insert_joins(self):
        """Memberships and their "joined" change-log rows, as add_member_to_group writes them."""
        if not self.joins:
            return
        group_id = self.group.id
        db.session.execute(db.insert(GroupMembership.__table__),
                           [{"group_id": group_id, "member_id": m.id} for m, _ in self.joins])
        db.session.execute(db.insert(GroupChange.__table__),
                           [{"group_id": group_id, "member_id": m.id, "member_label": label,
                             "action": "joined", "actor": ACTOR} for m, label in self.joins])


def _with_member(values, member):
    """Row values with the member's id, known once the page is flushed."""
    values["member_id"] = member.id
    return values
