"""Members of processed actions join their page's group: memberships and change-log rows in bulk."""
from webapp.extensions import db
from webapp.models import AkPage, GroupChange, GroupMembership, Member
from webapp.store.memberships import member_label

from jobs.sync.users.writes import SYNC_ACTOR


def add_to_page_groups(ctx, pairs):
    """Add each (action row, linked user row)'s member to its page group once; returns the row ids that added one."""
    wanted = {}  # (group id, member id) -> first action row id asking for it
    for row, akuser in pairs:
        group_id = page_group_id(ctx, row.page_id)
        if group_id is not None:
            wanted.setdefault((group_id, akuser.member_id), row.id)
    fresh = _not_members_yet(wanted)
    _insert_joins(fresh)
    return {wanted[key] for key in fresh}


def page_group_id(ctx, page_id):
    """The group of a synced page (None once unsynced), looked up once per batch."""
    groups = ctx.stats.setdefault("page_groups", {})
    if page_id not in groups:
        page = db.session.get(AkPage, page_id) if page_id is not None else None
        groups[page_id] = page.group_id if page is not None and page.synced else None
    return groups[page_id]


def _not_members_yet(wanted):
    """The (group, member) pairs without a membership (one query per group)."""
    by_group = {}
    for group_id, member_id in wanted:
        by_group.setdefault(group_id, set()).add(member_id)
    fresh = []
    for group_id, member_ids in by_group.items():
        query = db.select(GroupMembership.member_id).where(GroupMembership.group_id == group_id,
                                                           GroupMembership.member_id.in_(sorted(member_ids)))
        present = set(db.session.scalars(query))
        fresh += [(group_id, member_id) for member_id in sorted(member_ids - present)]
    return fresh


def _insert_joins(pairs):
    """Memberships and "joined" change-log rows (actor: the sync), as add_member_to_group writes them."""
    if not pairs:
        return
    members = {m.id: m for m in db.session.scalars(db.select(Member).where(
        Member.id.in_(sorted({member_id for _, member_id in pairs}))))}
    db.session.execute(db.insert(GroupMembership.__table__),
                       [{"group_id": g, "member_id": m} for g, m in pairs])
    db.session.execute(db.insert(GroupChange.__table__),
                       [{"group_id": g, "member_id": m, "member_label": member_label(members[m]),
                         "action": "joined", "actor": SYNC_ACTOR} for g, m in pairs])
