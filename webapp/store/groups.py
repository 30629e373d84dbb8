"""Groups: the counted list, naming, deletion refusals, and a group's members and change log."""
from sqlalchemy import delete, func, select, update

from webapp.extensions import db
from webapp.models import (ActionFieldGroup, AkPage, AkUserGroup, Automation, Group, GroupChange,
                           GroupMembership, Integration, Member)
from webapp.models.members import PRIMARY_GROUP_NAME, PRIMARY_KIND
from webapp.store.names import accepted_name, clean_name, common_name_error
from webapp.store.paging import paginate
from webapp.rules.phones import normalize_phone

NAME_MAX = 200
KIND_LABELS = {
    "manual": "Manual",
    "actionkit_primary": "ActionKit primary",
    "actionkit_page": "ActionKit page",
    "actionfield": "Actionfield",
    "actionkit_usergroup": "ActionKit usergroup",
}
# Membership of these kinds comes from ActionKit, so staff edits would be overwritten.
SYNC_MANAGED_KINDS = ("actionfield", "actionkit_usergroup")
_MEMBER_COUNT = func.count(GroupMembership.member_id).label("member_count")
SORTS = {"name": func.lower(Group.name), "kind": Group.kind, "members": _MEMBER_COUNT,
         "created": Group.created_at}


def list_groups(sort="name", page=1, per_page=50):
    """A page of (group, member_count) rows from one grouped query; unknown sorts fall back to name."""
    column = SORTS.get(sort.lstrip("-"), SORTS["name"])
    order = column.desc() if sort.startswith("-") else column.asc()
    stmt = (select(Group, _MEMBER_COUNT)
            .outerjoin(GroupMembership, GroupMembership.group_id == Group.id)
            .group_by(Group.id).order_by(order, Group.id))
    return paginate(stmt, page, per_page, scalars=False)


def list_groups_for_select():
    """(id, name) pairs ordered by name, for filters and pickers."""
    rows = db.session.execute(select(Group.id, Group.name).order_by(func.lower(Group.name), Group.id))
    return [(row.id, row.name) for row in rows]


def get_group(group_id):
    """The group or None."""
    return db.session.get(Group, group_id)


def name_error(name, current=None):
    """The message explaining why `name` can't name a group (None when it can)."""
    return common_name_error(Group, name, noun="group", max_len=NAME_MAX, current=current)


def create_group(name, kind="manual"):
    """Add a group with a valid, unique, trimmed name; raises NameRejected otherwise."""
    group = Group(name=accepted_name(name_error, name), kind=kind)
    db.session.add(group)
    db.session.flush()
    return group


def rename_group(group, name):
    """Rename under the same rules as creation; raises NameRejected."""
    group.name = accepted_name(name_error, name, current=group)
    db.session.flush()
    return group


# Where each refused kind can be released: (the tab's label as the ActionKit area shows it, its endpoint).
REFUSAL_TABS = {"actionkit_primary": ("Settings", "integration.settings"),
                "actionkit_page": ("Pages", "integration.pages"),
                "actionkit_usergroup": ("Usergroups", "integration.usergroups"),
                "actionfield": ("ActionField Groups", "integration.actionfield_groups")}


def _primary_refusal(group):
    """The primary group holds every linked member while the integration syncs."""
    if db.session.scalar(select(Integration.id).where(Integration.sync_enabled).limit(1)) is None:
        return None
    return ("It holds every member linked to ActionKit while the integration is active; "
            "turn off Sync Accounts on the ActionKit Settings tab first.")


def _page_refusal(group):
    """A page group is fed by its page's actions while the page is synced."""
    page = db.session.scalar(select(AkPage).where(AkPage.group_id == group.id, AkPage.synced).limit(1))
    if page is None:
        return None
    return (f"ActionKit page “{page.name}” is synced into it; "
            "unsync that page on the ActionKit Pages tab first.")


def _usergroup_refusal(group):
    """A usergroup group mirrors ActionKit while the usergroup is synced."""
    usergroup = db.session.scalar(
        select(AkUserGroup).where(AkUserGroup.group_id == group.id, AkUserGroup.synced).limit(1))
    if usergroup is None:
        return None
    return (f"It mirrors ActionKit usergroup “{usergroup.name}”, which is synced; "
            "unsync that usergroup on the ActionKit Usergroups tab first.")


def _actionfield_refusal(group):
    """Actionfield groups are edited and deleted with their rule, on their own tab."""
    return ("Its members come from an ActionKit action field; "
            "edit or delete it on the ActionKit ActionField Groups tab.")


_REFUSALS = {"actionkit_primary": _primary_refusal, "actionkit_page": _page_refusal,
             "actionkit_usergroup": _usergroup_refusal, "actionfield": _actionfield_refusal}


def refusal_tab(group):
    """(label, endpoint) of the tab where this group's refusal is lifted, or None for kinds never refused."""
    return REFUSAL_TABS.get(group.kind)


def deletion_refusal(group):
    """Why this group can't be deleted right now (full sentences naming the fix), or None."""
    check = _REFUSALS.get(group.kind)
    return check(group) if check else None


def delete_group(group):
    """Delete the group, its memberships and log unless refused; returns the refusal or None."""
    refusal = deletion_refusal(group)
    if refusal:
        return refusal
    group_id = group.id
    for model in (GroupMembership, GroupChange):
        db.session.execute(delete(model).where(model.group_id == group_id))
    # Match the ON DELETE SET NULL foreign keys even where the database doesn't enforce them (SQLite).
    for model in (AkPage, AkUserGroup, ActionFieldGroup, Automation):
        db.session.execute(update(model).where(model.group_id == group_id).values(group_id=None))
    db.session.delete(group)
    db.session.flush()
    return None


def membership_editable(group):
    """Staff may add/remove members by hand except where ActionKit recomputes membership."""
    return group.kind not in SYNC_MANAGED_KINDS


def member_count(group):
    """How many members the group has."""
    return db.session.scalar(select(func.count()).where(GroupMembership.group_id == group.id))


def group_members(group, page=1, per_page=50):
    """A page of (member, joined_at) rows, most recent joiners first."""
    stmt = (select(Member, GroupMembership.created_at.label("joined_at"))
            .join(GroupMembership, GroupMembership.member_id == Member.id)
            .where(GroupMembership.group_id == group.id)
            .order_by(GroupMembership.created_at.desc(), Member.id.desc()))
    return paginate(stmt, page, per_page, scalars=False)


def group_changes(group, page=1, per_page=50):
    """A page of the group's change log, newest first."""
    stmt = (select(GroupChange).where(GroupChange.group_id == group.id)
            .order_by(GroupChange.at.desc(), GroupChange.id.desc()))
    return paginate(stmt, page, per_page)


def find_member(text):
    """Look a member up by phone or email for "add to group"; returns (member, error)."""
    text = clean_name(text)
    if not text:
        return None, "Enter the member's phone number or email."
    if "@" in text:
        return _member_by_email(text)
    phone = normalize_phone(text) or text
    member = db.session.scalar(select(Member).where(Member.phone == phone))
    return (member, None) if member else (None, f"No member has the phone number {phone}.")


def _member_by_email(email):
    """Emails aren't unique among members, so an ambiguous one asks for the phone instead."""
    members = db.session.scalars(
        select(Member).where(func.lower(Member.email) == email.lower()).limit(2)).all()
    if len(members) > 1:
        return None, f"More than one member has the email {email}; add them by phone number instead."
    return (members[0], None) if members else (None, f"No member has the email {email}.")


def primary_group():
    """The "ActionKit Integration" group every linked member is in, created on first use."""
    group = db.session.scalar(db.select(Group).filter_by(kind=PRIMARY_KIND).order_by(Group.id).limit(1))
    if group is None:
        group = db.session.scalar(db.select(Group).filter_by(name=PRIMARY_GROUP_NAME))
        if group is None:
            group = Group(name=PRIMARY_GROUP_NAME, kind=PRIMARY_KIND)
            db.session.add(group)
        group.kind = PRIMARY_KIND
        db.session.flush()
    return group
