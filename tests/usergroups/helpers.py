"""Reading a usergroup's state on both sides, and changing its members in the sandbox."""
from webapp.extensions import db
from webapp.models import AkUser, AkUserGroup, GroupChange, GroupMembership


def usergroup(name):
    """The stored usergroup row of that name."""
    return db.session.scalar(db.select(AkUserGroup).filter_by(name=name))


def sandbox_members(raw, ak_id):
    """The usergroup's user ids as the sandbox holds them."""
    return set(raw.get(f"/_sandbox/usergroups/{ak_id}/members")["user_ids"])


def set_sandbox_members(raw, ak_id, user_ids):
    """Replace the usergroup's members in the sandbox (bumps joiners' and leavers' updated_at)."""
    response = raw.session.put(raw.handle.url(f"/_sandbox/usergroups/{ak_id}/members"),
                               json={"user_ids": sorted(user_ids)}, timeout=10)
    assert response.status_code == 200, response.text


def linked(ak_user_ids):
    """{ActionKit user id: member id} of the linked users among these, read straight from the table."""
    rows = db.session.execute(db.select(AkUser.ak_id, AkUser.member_id).where(
        AkUser.ak_id.in_(sorted(ak_user_ids)), AkUser.member_id.is_not(None)))
    return {row.ak_id: row.member_id for row in rows}


def group_members(group_id):
    """Member ids in the group."""
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=group_id)))


def changes(group_id):
    """[(member id, joined|left, actor)] of the group's change log, oldest first."""
    rows = db.session.scalars(db.select(GroupChange).filter_by(group_id=group_id).order_by(GroupChange.id))
    return [(row.member_id, row.action, row.actor) for row in rows]
