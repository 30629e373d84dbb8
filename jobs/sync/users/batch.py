"""What one batch of users needs from the database, loaded with one query per kind.

Linking used to ask per user for its row, the phone's synced holders, the member with the
phone and its primary-group membership (and each query flushed the session first). A batch
now loads all of them at once into dicts, and the dicts follow the batch's own changes, so
each user still sees exactly what the users before it in the batch did. Rows and members
new in the batch stay out of the session until BatchWrites inserts them in bulk.
"""
from webapp.extensions import db
from webapp.models import AkUser, GroupMembership, Member
from webapp.store.outbox import waiting_keys
from webapp.rules import evaluate_user
from webapp.rules.eligibility import STATUS_SYNCED


def _evaluate(ctx, user, phones):
    """The pure eligibility result, or the rule error to raise when this user is linked."""
    try:
        return evaluate_user(user, phones, ctx.opt_in_field, ctx.phone_types)
    except (ValueError, KeyError, TypeError) as exc:
        return exc


class UserBatch:
    """Rows, phone holders, members and primary-group members of one batch, kept current in memory."""

    def __init__(self, ctx, users, phones_by_user):
        self.ctx = ctx
        self.group = ctx.primary_group()
        self.evaluations = {int(u["id"]): _evaluate(ctx, u, phones_by_user.get(int(u["id"]), [])) for u in users}
        phones = sorted({ev.phone.e164 for ev in self.evaluations.values()
                         if not isinstance(ev, Exception) and ev.eligible})
        self.rows = self._load_rows(list(self.evaluations))
        self.loaded_holders = self._load_holders(phones)
        self.members = {m.phone: m for m in db.session.scalars(db.select(Member).where(Member.phone.in_(phones)))}
        joined_ids = self._load_joined([m.id for m in self.members.values()])
        self.joined = {m.phone for m in self.members.values() if m.id in joined_ids}
        self.waiting = waiting_keys([m.id for m in self.members.values()])
        self.new_rows, self.new_members, self.new_links = [], [], []

    def _load_rows(self, ak_ids):
        """{ak_id: AkUser} for the batch's users already scanned."""
        query = db.select(AkUser).where(AkUser.integration_id == self.ctx.integration_id, AkUser.ak_id.in_(ak_ids))
        return {row.ak_id: row for row in db.session.scalars(query)}

    def _load_holders(self, phones):
        """{e164: [AkUser]} of synced rows holding the batch's phones."""
        query = db.select(AkUser).where(AkUser.integration_id == self.ctx.integration_id,
                                        AkUser.status == STATUS_SYNCED, AkUser.phone_e164.in_(phones))
        holders = {}
        for row in db.session.scalars(query):
            holders.setdefault(row.phone_e164, []).append(row)
        return holders

    def _load_joined(self, member_ids):
        """Ids of the batch's members already in the primary group."""
        query = db.select(GroupMembership.member_id).where(GroupMembership.group_id == self.group.id,
                                                           GroupMembership.member_id.in_(member_ids))
        return set(db.session.scalars(query))

    def evaluation(self, user):
        """The user's eligibility (raising its rule error, as evaluating it here would)."""
        ev = self.evaluations[int(user["id"])]
        if isinstance(ev, Exception):
            raise ev
        return ev

    def row(self, ak_id):
        """The user's row, a new blank one (status error until evaluated, inserted with the batch) when new."""
        ak_id = int(ak_id)
        if ak_id not in self.rows:
            row = AkUser(integration_id=self.ctx.integration_id, ak_id=ak_id, status="error", reason="", base={})
            self.new_rows.append(row)
            self.rows[ak_id] = row
        return self.rows[ak_id]

    def holders(self, e164):
        """Synced rows holding this phone right now, lowest ActionKit id first."""
        candidates = {id(r): r for r in self.loaded_holders.get(e164, [])}
        candidates.update((id(r), r) for r in self.rows.values())
        found = [r for r in candidates.values() if r.status == STATUS_SYNCED and r.phone_e164 == e164]
        return sorted(found, key=lambda r: r.ak_id)

    def member(self, e164):
        """The member whose identity is this phone (loaded or created in this batch), or None."""
        return self.members.get(e164)

    def add_member(self, member, row):
        """Remember a member created in this batch for this row (linked once the member has an id)."""
        self.members[member.phone] = member
        self.new_members.append(member)
        self.new_links.append((row, member))

    def not_waiting(self, member, changes):
        """The changes no outbox row of this member covers yet: a pending edit decides its own fields."""
        waiting = self.waiting.get(member.id, set())
        return {key: value for key, value in changes.items() if key not in waiting}

    def needs_join(self, member):
        """True (once) when the member is not yet in the primary group (a phone is one member)."""
        if member.phone in self.joined:
            return False
        self.joined.add(member.phone)
        return True
