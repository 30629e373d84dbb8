"""The member side as plain values for the sync rules, and writing rule results back to members."""
from webapp.extensions import db
from webapp.models import Group, Member, MemberFieldValue
from webapp.store.integration import list_mappings
from webapp.store.memberships import add_member_to_group
from webapp.rules import FieldMap, clean

PRIMARY_GROUP_NAME = "ActionKit Integration"
PRIMARY_KIND = "actionkit_primary"
ACTOR = "ActionKit sync"


def member_key(mapping):
    """The plan's key for a mapping's member side: the core name or custom:<field id>."""
    return mapping.member_field or f"custom:{mapping.custom_field_id}"


def field_maps(integration):
    """The integration's mappings as the pure FieldMap values the rules take."""
    return [FieldMap(member_key(m), m.ak_field, bool(m.is_userfield), m.option)
            for m in list_mappings(integration)]


def member_values(member, maps):
    """{member key: text} for every mapped field of a member."""
    custom = {f"custom:{value.field_id}": value.value for value in member.field_values}
    values = {}
    for fmap in maps:
        key = fmap.member_field
        values[key] = custom.get(key, "") if key.startswith("custom:") else clean(getattr(member, key, ""))
    return values


def set_member_value(member, key, value):
    """Write one mapped value (core attribute or custom field row); returns the old value."""
    if not key.startswith("custom:"):
        old = getattr(member, key)
        setattr(member, key, value)
        return old
    field_id = int(key.split(":", 1)[1])
    row = next((v for v in member.field_values if v.field_id == field_id), None)
    old = row.value if row is not None else ""
    if row is None:
        member.field_values.append(MemberFieldValue(field_id=field_id, value=value))
    else:
        row.value = value
    return old


def new_member(phone, values, subscribed):
    """A member created from an ActionKit user with all its mapped values (inserted with its page)."""
    member = Member(phone=phone, source="actionkit", subscribed=bool(subscribed))
    for key, value in values.items():
        set_member_value(member, key, value)
    return member


def primary_group():
    """The "ActionKit Integration" group, created on first use."""
    group = db.session.scalar(db.select(Group).filter_by(kind=PRIMARY_KIND).order_by(Group.id).limit(1))
    if group is None:
        group = db.session.scalar(db.select(Group).filter_by(name=PRIMARY_GROUP_NAME))
        if group is None:
            group = Group(name=PRIMARY_GROUP_NAME, kind=PRIMARY_KIND)
            db.session.add(group)
        group.kind = PRIMARY_KIND
        db.session.flush()
    return group


def join_primary_group(member, group=None):
    """Put a linked member in the primary group (logged in the group's change log)."""
    return add_member_to_group(group or primary_group(), member, ACTOR)
