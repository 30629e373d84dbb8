"""Group membership changes, always logged in the group's change log."""
from webapp.extensions import db
from webapp.models import GroupChange, GroupMembership


def is_member_of(group_id, member_id):
    """True when the member already belongs to the group."""
    return db.session.get(GroupMembership, (group_id, member_id)) is not None


def add_member_to_group(group, member, actor):
    """Add and log a join; returns False when the member was already in the group."""
    if is_member_of(group.id, member.id):
        return False
    db.session.add(GroupMembership(group_id=group.id, member_id=member.id))
    db.session.add(GroupChange(group_id=group.id, member_id=member.id, member_label=member_label(member),
                               action="joined", actor=actor))
    db.session.flush()
    if group.kind == "actionkit_primary":  # ActionKit sync: create the user when enabled (DESIGN 4)
        from webapp.store.outbox import queue_create_user
        queue_create_user(member)
    return True


def remove_member_from_group(group, member, actor):
    """Remove and log a leave; returns False when the member was not in the group."""
    membership = db.session.get(GroupMembership, (group.id, member.id))
    if membership is None:
        return False
    db.session.delete(membership)
    db.session.add(GroupChange(group_id=group.id, member_id=member.id, member_label=member_label(member),
                               action="left", actor=actor))
    db.session.flush()
    return True


def member_label(member):
    """How the change log names a member, kept even after the member is deleted."""
    name = member.full_name
    return f"{name} ({member.phone})" if name else member.phone
