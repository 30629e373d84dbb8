"""Member writes and lookups: the single path every member mutation takes.

Callers own the transaction: these functions add and flush, never commit. create/update
return what changed so the ActionKit sync can queue a push in the same transaction.
"""
from flask import abort
from sqlalchemy import delete, select, update

from webapp.extensions import db
from webapp.models.members import MEMBER_FIELDS
from webapp.models import (AkAction, AkUser, AutomationFiring, ConsentChange, Conversation, CustomField, FlowRun,
                           Group, GroupMembership, Member, MemberFieldValue, Message, PushOutbox, SyncEvent, utcnow)
from webapp.store.consent import record_first_status, record_subscription_change
from webapp.store.groups import SYNC_MANAGED_KINDS
from webapp.store.memberships import remove_member_from_group
from webapp.store.outbox import queue_member_push
from webapp.rules import clean, same



def custom_key(field_id):
    """How a custom field is named in a change dict (ids survive renames)."""
    return f"custom:{field_id}"


def get_member_or_404(member_id):
    """Load a member for a view, or answer 404."""
    return db.session.get(Member, member_id) or abort(404)


def phone_in_use(phone, exclude_member_id=None):
    """True when another member already has this E.164 phone."""
    query = select(Member.id).where(Member.phone == phone)
    if exclude_member_id is not None:
        query = query.where(Member.id != exclude_member_id)
    return db.session.scalar(query.limit(1)) is not None


def custom_fields():
    """Every custom field in id order (the order of form inputs and export columns)."""
    return list(db.session.scalars(select(CustomField).order_by(CustomField.id)))


def custom_values_of(member):
    """The member's custom values keyed by field id (blank fields absent)."""
    return {value.field_id: value.value for value in member.field_values}


def create_member(values, custom_values, actor, source="staff"):
    """Add a member with its custom values; the caller has validated and owns the commit."""
    values = {key: value for key, value in values.items() if key in MEMBER_FIELDS}
    member = Member(**values)
    db.session.add(member)
    db.session.flush()
    record_first_status(member, source, f"Added by {actor}.")
    changes = dict(values, **_apply_custom_values(member, custom_values))
    db.session.flush()
    queue_member_push(member, changes, source)  # ActionKit sync: same transaction (DESIGN 4)
    return member


def update_member(member, values, custom_values, actor, source="staff"):
    """Apply changed values only; returns {field: (old, new)} for what really changed."""
    changes = _subscription_change(member, values, source, actor)
    for name, new in values.items():
        if name in MEMBER_FIELDS and name != "subscribed" and _differs(getattr(member, name), new):
            changes[name] = (getattr(member, name), new)
            setattr(member, name, new)
    changes.update(_apply_custom_values(member, custom_values))
    if changes:
        member.updated_at = utcnow()
    db.session.flush()
    others = {key: value for key, value in changes.items() if key != "subscribed"}  # consent pushes itself
    queue_member_push(member, others, source)  # ActionKit sync: same transaction (DESIGN 4)
    return changes


def _subscription_change(member, values, source, actor):
    """A changed subscribed flag goes through the consent ledger (which queues its own push)."""
    if "subscribed" not in values or not _differs(member.subscribed, values["subscribed"]):
        return {}
    old = bool(member.subscribed)
    record_subscription_change(member, bool(values["subscribed"]), source,
                               f"Changed on the member form by {actor}.")
    return {"subscribed": (old, bool(values["subscribed"]))}


def delete_member(member, actor):
    """Delete a member, logging group leaves and clearing rows that point at it (on any database)."""
    for group in member_groups(member):
        remove_member_from_group(group, member, actor)
    for model in (Message, Conversation, ConsentChange, PushOutbox, FlowRun):
        db.session.execute(delete(model).where(model.member_id == member.id))
    for model in (AkUser, AkAction, SyncEvent, AutomationFiring):
        db.session.execute(update(model).where(model.member_id == member.id).values(member_id=None))
    db.session.delete(member)
    db.session.flush()


def member_groups(member):
    """The member's groups by name."""
    query = (select(Group).join(GroupMembership, GroupMembership.group_id == Group.id)
             .where(GroupMembership.member_id == member.id).order_by(Group.name))
    return list(db.session.scalars(query))


def joinable_groups(member):
    """Groups staff may add this member to by hand (not mirrored ones, not already joined)."""
    joined = select(GroupMembership.group_id).where(GroupMembership.member_id == member.id)
    query = (select(Group).where(Group.kind.not_in(SYNC_MANAGED_KINDS), Group.id.not_in(joined))
             .order_by(Group.name))
    return list(db.session.scalars(query))


def find_group_by_name(name):
    """The group with exactly this name, or None."""
    return db.session.scalar(select(Group).where(Group.name == name))


def recent_messages(member, limit=20):
    """The member's latest texts, newest first."""
    query = (select(Message).where(Message.member_id == member.id)
             .order_by(Message.created_at.desc(), Message.id.desc()).limit(limit))
    return list(db.session.scalars(query))


def _apply_custom_values(member, custom_values):
    """Set, change or clear (delete the row) custom values; returns the change dict."""
    existing = {value.field_id: value for value in member.field_values}
    changes = {}
    for field_id, new in custom_values.items():
        row, new = existing.get(field_id), clean(new)
        old = row.value if row is not None else ""
        if not _differs(old, new):
            continue
        changes[custom_key(field_id)] = (old, new)
        if not new:
            member.field_values.remove(row)
        elif row is None:
            member.field_values.append(MemberFieldValue(field_id=field_id, value=new))
        else:
            row.value = new
    return changes


def _differs(old, new):
    """Compare like the sync does (rules.same); a flag compares as a flag."""
    if isinstance(old, bool) or isinstance(new, bool):
        return bool(old) != bool(new)
    return not same(old, new)
