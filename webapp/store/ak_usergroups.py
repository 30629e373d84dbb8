"""Stored ActionKit usergroups: the fetched list, the tab's query, their member groups and mirrored membership."""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AkUserGroup, AkUser, Group, GroupChange, GroupMembership, Member, utcnow
from webapp.store.groups import NAME_MAX
from webapp.store.memberships import member_label
from webapp.store.names import clean_name

USERGROUP_KIND = "actionkit_usergroup"
_MEMBERS = (select(func.count(GroupMembership.member_id)).where(GroupMembership.group_id == AkUserGroup.group_id)
            .correlate(AkUserGroup).scalar_subquery().label("members"))
SORTS = {"name": func.lower(AkUserGroup.name), "members": _MEMBERS, "synced": AkUserGroup.synced,
         "synced_at": AkUserGroup.synced_at, "ak_id": AkUserGroup.ak_id}


def store_usergroups(integration_id, records):
    """Insert or refresh usergroups from records {id, name, created_at, updated_at (naive UTC)}; returns the rows."""
    ids = [int(o["id"]) for o in records]
    known = {row.ak_id: row for row in db.session.scalars(
        select(AkUserGroup).where(AkUserGroup.integration_id == integration_id, AkUserGroup.ak_id.in_(ids)))}
    for obj in records:
        row = known.get(int(obj["id"]))
        if row is None:
            row = known[int(obj["id"])] = AkUserGroup(integration_id=integration_id, ak_id=int(obj["id"]))
            db.session.add(row)
        row.name = (clean_name(obj.get("name")) or f"Usergroup {obj['id']}")[:255]
        row.ak_created_at, row.ak_updated_at = obj.get("created_at"), obj.get("updated_at")
        row.fetched_at = utcnow()
    db.session.flush()
    return list(known.values())


def list_usergroups(integration, q="", sort="name"):
    """Every stored usergroup of the integration as (usergroup, members in our group), searched and sorted."""
    column = SORTS.get(sort.lstrip("-"), SORTS["name"])
    order = column.desc() if sort.startswith("-") else column.asc()
    stmt = select(AkUserGroup, _MEMBERS).where(AkUserGroup.integration_id == integration.id)
    if q:
        stmt = stmt.where(func.lower(AkUserGroup.name).contains(q.lower(), autoescape=True))
    return db.session.execute(stmt.order_by(order, AkUserGroup.id)).all()


def get_usergroup(integration, row_id):
    """The usergroup row of this integration, or None."""
    row = db.session.get(AkUserGroup, row_id)
    return row if row is not None and row.integration_id == integration.id else None


def usergroup_by_name(integration, name):
    """The usergroup with this name (exact first, then case-insensitive), or None."""
    rows = db.session.scalars(select(AkUserGroup).where(AkUserGroup.integration_id == integration.id,
                                                        func.lower(AkUserGroup.name) == clean_name(name).lower())
                              .order_by(AkUserGroup.ak_id)).all()
    exact = [row for row in rows if row.name == clean_name(name)]
    return (exact or rows or [None])[0]


def synced_usergroups(integration_id):
    """{ActionKit usergroup id: member group id} of the synced usergroups that have a group."""
    rows = db.session.execute(select(AkUserGroup.ak_id, AkUserGroup.group_id).where(
        AkUserGroup.integration_id == integration_id, AkUserGroup.synced, AkUserGroup.group_id.is_not(None)))
    return {row.ak_id: row.group_id for row in rows}


def group_for_usergroup(usergroup):
    """The usergroup's member group: its own, a free usergroup group of that name, or a new distinctly named one."""
    group = db.session.get(Group, usergroup.group_id) if usergroup.group_id else None
    if group is None:
        group = _free_group_named(usergroup.name) or _new_group(usergroup)
        usergroup.group_id = group.id
    return group


def _free_group_named(name):
    """A usergroup-kind group of that name no other usergroup feeds (e.g. left by a reconnect), or None."""
    group = db.session.scalar(select(Group).where(func.lower(Group.name) == name.lower()))
    if group is None or group.kind != USERGROUP_KIND:
        return None
    owner = db.session.scalar(select(AkUserGroup.id).where(AkUserGroup.group_id == group.id).limit(1))
    return group if owner is None else None


def _new_group(usergroup):
    """A group named after the usergroup; a name another group already has gets " (usergroup N)" added."""
    base = usergroup.name[:NAME_MAX - 30]
    for candidate in [usergroup.name[:NAME_MAX], f"{base} (ActionKit usergroup)",
                      *(f"{base} (ActionKit usergroup {n})" for n in range(2, 100))]:
        if db.session.scalar(select(Group.id).where(func.lower(Group.name) == candidate.lower())) is None:
            group = Group(name=candidate, kind=USERGROUP_KIND)
            db.session.add(group)
            db.session.flush()
            return group
    raise ValueError(f"No free group name for usergroup “{usergroup.name}”.")


def linked_members(integration_id, ak_user_ids):
    """{ActionKit user id: member id} for the users among these that are linked to a member."""
    found = {}
    ids = sorted({int(i) for i in ak_user_ids})
    for start in range(0, len(ids), 500):
        rows = db.session.execute(select(AkUser.ak_id, AkUser.member_id).where(
            AkUser.integration_id == integration_id, AkUser.ak_id.in_(ids[start:start + 500]),
            AkUser.member_id.is_not(None)))
        found.update({row.ak_id: row.member_id for row in rows})
    return found


def group_member_ids(group_id, among=None):
    """Member ids in the group (only those in `among` when given)."""
    stmt = select(GroupMembership.member_id).where(GroupMembership.group_id == group_id)
    if among is not None:
        stmt = stmt.where(GroupMembership.member_id.in_(sorted(among)))
    return set(db.session.scalars(stmt))


def change_membership(group_id, joins, leaves, actor):
    """Bulk joins and leaves, each written to the group's change log; returns (joined, left) counts."""
    joins, leaves = sorted(set(joins)), sorted(set(leaves))
    labels = _labels(joins + leaves)
    if joins:
        db.session.execute(db.insert(GroupMembership.__table__),
                           [{"group_id": group_id, "member_id": m, "created_at": utcnow()} for m in joins])
    if leaves:
        db.session.execute(db.delete(GroupMembership).where(GroupMembership.group_id == group_id,
                                                            GroupMembership.member_id.in_(leaves)))
    rows = ([_change(group_id, m, labels, "joined", actor) for m in joins]
            + [_change(group_id, m, labels, "left", actor) for m in leaves])
    if rows:
        db.session.execute(db.insert(GroupChange.__table__), rows)
    return len(joins), len(leaves)


def _change(group_id, member_id, labels, action, actor):
    """One change-log row's values."""
    return {"group_id": group_id, "member_id": member_id, "member_label": labels.get(member_id, ""),
            "action": action, "actor": actor, "at": utcnow()}


def _labels(member_ids):
    """{member id: change-log label} in chunks (a big usergroup may have many members)."""
    labels = {}
    for start in range(0, len(member_ids), 500):
        for member in db.session.scalars(select(Member).where(Member.id.in_(member_ids[start:start + 500]))):
            labels[member.id] = member_label(member)
    return labels
