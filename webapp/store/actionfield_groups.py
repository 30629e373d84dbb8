"""ActionField groups: create, edit and delete them, compute their members from stored actions, keep them current.

A group holds exactly the linked members (AkAction.member_id) whose stored actions, on its page or on
any synced page, carry its field (and value, "contains", any case): computed in full on create and
edit, then extended by add_members_for_actions as new actions are processed.
"""
from sqlalchemy import delete, func, select

from webapp.extensions import db
from webapp.models import ActionFieldGroup, AkAction, AkPage, Group, GroupChange, GroupMembership
from webapp.rules.actionfields import action_matches, field_names
from webapp.security.text import describe_control_char, has_control_chars
from webapp.store.ak_usergroups import change_membership, group_member_ids
from webapp.store.groups import name_error
from webapp.store.names import NameRejected, clean_name

KIND = "actionfield"
RULE_ACTOR = "ActionField group rule"  # who the change log says moved a member
FIELD_MAX, VALUE_MAX = 128, 255


class ActionFieldGroupError(ValueError):
    """A create/edit the rules refuse; str() is the message for staff (form, CLI), `about` the input at fault."""

    def __init__(self, message, about="field"):
        """`about` names the form input the message belongs under (field, page or value)."""
        super().__init__(message)
        self.about = about


def rule_error(integration, field, page_id, value=None):
    """(input at fault, why) when field/page/value can't define a group, else None: seen fields, synced pages."""
    for about, text in (("field", field), ("value", value)):
        if has_control_chars(text):
            return about, f"Remove the control character ({describe_control_char(text)}); it can't be saved."
    field = clean_name(field)
    if not field:
        return "field", "Choose an action field."
    if field not in seen_field_names(integration):
        return "field", f"No stored action on a synced page carries the field “{field}”; choose one of the fields seen."
    if page_id is not None and synced_page(integration, page_id) is None:
        return "page", "Choose a synced page, or any synced page."
    if len(clean_name(value or "")) > VALUE_MAX:
        return "value", f"Keep the value to {VALUE_MAX} characters or fewer."
    return None


def synced_page(integration, page_id):
    """The integration's synced page with this row id, or None."""
    page = db.session.get(AkPage, page_id)
    return page if page is not None and page.integration_id == integration.id and page.synced else None


def synced_pages(integration):
    """(row id, name) of the synced pages, for the form's page choice."""
    rows = db.session.execute(select(AkPage.id, AkPage.name).where(
        AkPage.integration_id == integration.id, AkPage.synced).order_by(func.lower(AkPage.name)))
    return [(row.id, row.name) for row in rows]


def seen_field_names(integration):
    """Sorted actionfield names carried by stored actions of synced pages (the only names the form offers)."""
    stmt = (select(AkAction.fields).join(AkPage, AkPage.id == AkAction.page_id)
            .where(AkAction.integration_id == integration.id, AkPage.synced))
    names = set()
    for fields in db.session.scalars(stmt.execution_options(yield_per=1000)):
        names.update(field_names(fields))
    return sorted(names, key=str.casefold)


def create_actionfield_group(integration, name, field, page_id=None, value=None, actor=RULE_ACTOR):
    """Create the rule and its member group (kind actionfield) and fill it; raises NameRejected/ActionFieldGroupError."""
    group = Group(name=_checked_name(name), kind=KIND)
    db.session.add(group)
    db.session.flush()
    rule = ActionFieldGroup(integration_id=integration.id, name=group.name, group_id=group.id)
    _set_rule(integration, rule, field, page_id, value)
    db.session.add(rule)
    db.session.flush()
    recompute_members(rule, actor)
    return rule


def update_actionfield_group(integration, rule, name, field, page_id=None, value=None, actor=RULE_ACTOR):
    """Rename and change the rule, then recompute its members (joins and leaves logged)."""
    group = db.session.get(Group, rule.group_id)
    group.name = rule.name = _checked_name(name, current=group)
    _set_rule(integration, rule, field, page_id, value)
    db.session.flush()
    return recompute_members(rule, actor)


def _checked_name(name, current=None):
    """The trimmed group name, or NameRejected saying why not."""
    if has_control_chars(name):
        raise NameRejected(f"Remove the control character ({describe_control_char(name)}) from the name; "
                           "it can't be saved.")
    error = name_error(name, current=current)
    if error:
        raise NameRejected(error)
    return clean_name(name)


def _set_rule(integration, rule, field, page_id, value):
    """Store field, page and value after checking them; raises ActionFieldGroupError."""
    error = rule_error(integration, field, page_id, value)
    if error:
        raise ActionFieldGroupError(error[1], about=error[0])
    rule.field, rule.page_id, rule.value = clean_name(field), page_id, clean_name(value or "") or None


def delete_actionfield_group(rule):
    """Delete the rule with its group, memberships and change log (members themselves stay)."""
    group_id = rule.group_id
    db.session.delete(rule)
    if group_id is not None:
        for model in (GroupMembership, GroupChange):
            db.session.execute(delete(model).where(model.group_id == group_id))
        db.session.execute(delete(Group).where(Group.id == group_id))
    db.session.flush()


def _actions_stmt(rule):
    """(member id, fields) of stored actions with a member on the rule's page, or on any synced page."""
    stmt = (select(AkAction.member_id, AkAction.fields).join(AkPage, AkPage.id == AkAction.page_id)
            .where(AkAction.integration_id == rule.integration_id, AkAction.member_id.is_not(None), AkPage.synced))
    return stmt.where(AkAction.page_id == rule.page_id) if rule.page_id is not None else stmt


def recompute_members(rule, actor=RULE_ACTOR):
    """Make the group hold exactly the matching members; returns (joined, left)."""
    wanted = {row.member_id for row in db.session.execute(_actions_stmt(rule).execution_options(yield_per=1000))
              if action_matches(row.fields, rule.field, rule.value)}
    current = group_member_ids(rule.group_id)
    return change_membership(rule.group_id, wanted - current, current - wanted, actor)


def add_members_for_actions(rows, actor=RULE_ACTOR):
    """Processed actions with a member join every actionfield group whose rule they match; returns joins."""
    rows = [row for row in rows if row.member_id is not None and row.page_id is not None]
    if not rows:
        return 0
    integration_ids = {row.integration_id for row in rows}
    rules = db.session.scalars(select(ActionFieldGroup).where(ActionFieldGroup.integration_id.in_(integration_ids),
                                                               ActionFieldGroup.group_id.is_not(None))).all()
    joined = 0
    for rule in rules:
        matching = {row.member_id for row in rows if _rule_covers(rule, row)}
        joined += change_membership(rule.group_id, matching - group_member_ids(rule.group_id, matching),
                                    (), actor)[0] if matching else 0
    return joined


def _rule_covers(rule, row):
    """The action is on the rule's page (or any page, for a page-less rule) and carries its field and value."""
    return (rule.integration_id == row.integration_id and rule.page_id in (None, row.page_id)
            and action_matches(row.fields, rule.field, rule.value))


def list_actionfield_groups(integration):
    """(rule, group, page name or None, member count) for the tab, by name."""
    members = (select(func.count(GroupMembership.member_id)).where(GroupMembership.group_id == ActionFieldGroup.group_id)
               .correlate(ActionFieldGroup).scalar_subquery())
    stmt = (select(ActionFieldGroup, Group, AkPage.name, members)
            .outerjoin(Group, Group.id == ActionFieldGroup.group_id)
            .outerjoin(AkPage, AkPage.id == ActionFieldGroup.page_id)
            .where(ActionFieldGroup.integration_id == integration.id)
            .order_by(func.lower(ActionFieldGroup.name), ActionFieldGroup.id))
    return db.session.execute(stmt).all()


def get_actionfield_group(integration, rule_id):
    """The integration's rule with this id, or None."""
    rule = db.session.get(ActionFieldGroup, rule_id)
    return rule if rule is not None and rule.integration_id == integration.id else None


def actionfield_group_by_name(integration, name):
    """The rule named so (case-insensitive), or None."""
    return db.session.scalar(select(ActionFieldGroup).where(
        ActionFieldGroup.integration_id == integration.id,
        func.lower(ActionFieldGroup.name) == clean_name(name).lower()).limit(1))

