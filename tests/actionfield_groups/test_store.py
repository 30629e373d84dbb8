"""ActionField groups hold exactly the linked members whose stored actions carry the field (and value)."""
import pytest

from webapp.extensions import db
from webapp.models import ActionFieldGroup, Group, GroupChange, GroupMembership
from webapp.store import actionfield_groups as store
from webapp.store.groups import deletion_refusal
from webapp.store.names import NameRejected


def _members(rule):
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=rule.group_id)))


@pytest.fixture
def people(make_member, pages, add_action):
    """Members with actions: who volunteered on which page, with which shift, and one without a member."""
    ann, bob, cat, dan, eve = (make_member(first_name=n) for n in ("Ann", "Bob", "Cat", "Dan", "Eve"))
    add_action(pages["volunteer"], ann, volunteer="yes", shift="Saturday MORNING")
    add_action(pages["volunteer"], bob, volunteer="no", shift="Sunday evening")
    add_action(pages["petition"], cat, volunteer="Yes please", comment="hi")
    add_action(pages["petition"], dan, comment="no field")
    add_action(pages["old"], eve, volunteer="yes")  # page not synced: never counts
    add_action(pages["volunteer"], None, volunteer="yes")  # no linked member
    add_action(pages["volunteer"], dan, volunteer="  ")  # blank value: not carried
    return {"ann": ann.id, "bob": bob.id, "cat": cat.id, "dan": dan.id, "eve": eve.id}


@pytest.mark.parametrize("page, value, expected", [
    (None, None, {"ann", "bob", "cat"}),
    (None, "YES", {"ann", "cat"}),
    ("volunteer", None, {"ann", "bob"}),
    ("volunteer", "yes", {"ann"}),
    ("petition", "please", {"cat"}),
    ("volunteer", "maybe", set()),
])
def test_membership_on_create(integration, pages, people, page, value, expected):
    page_id = pages[page].id if page else None
    rule = store.create_actionfield_group(integration, "Volunteers", "volunteer", page_id, value)
    db.session.commit()
    group = db.session.get(Group, rule.group_id)
    assert (group.name, group.kind) == ("Volunteers", "actionfield")
    assert _members(rule) == {people[name] for name in expected}


def test_edit_recomputes_with_joins_and_leaves_logged(integration, pages, people):
    rule = store.create_actionfield_group(integration, "Shifts", "shift", None, "morning")
    store.update_actionfield_group(integration, rule, "Evening shift", "shift", pages["volunteer"].id, "EVENING")
    db.session.commit()
    assert _members(rule) == {people["bob"]}
    assert db.session.get(Group, rule.group_id).name == "Evening shift"
    log = [(c.member_id, c.action) for c in db.session.scalars(
        db.select(GroupChange).filter_by(group_id=rule.group_id).order_by(GroupChange.id))]
    assert log == [(people["ann"], "joined"), (people["bob"], "joined"), (people["ann"], "left")]


def test_new_actions_add_their_members(integration, pages, people, make_member, add_action):
    rule = store.create_actionfield_group(integration, "Comments", "comment", pages["petition"].id, None)
    other = store.create_actionfield_group(integration, "Any volunteer", "volunteer", None, "yes")
    db.session.commit()
    newcomer = make_member(first_name="New")
    rows = [add_action(pages["petition"], newcomer, comment="late", volunteer="YES"),
            add_action(pages["volunteer"], make_member(first_name="Elsewhere"), comment="wrong page")]
    assert store.add_members_for_actions(rows) == 2
    assert store.add_members_for_actions(rows) == 0  # a second sighting adds nobody twice
    db.session.commit()
    assert _members(rule) == {people["cat"], people["dan"], newcomer.id}
    assert _members(other) == {people["ann"], people["cat"], newcomer.id}


def test_seen_field_names_come_from_synced_pages_only(integration, pages, people, add_action, make_member):
    add_action(pages["old"], make_member(), hidden="x")
    assert store.seen_field_names(integration) == ["comment", "shift", "volunteer"]


@pytest.mark.parametrize("field, page, message", [
    ("hidden", None, "No stored action on a synced page carries the field “hidden”"),
    ("", None, "Choose an action field."),
    ("volunteer", "old", "Choose a synced page"),
])
def test_bad_rules_are_refused(integration, pages, people, field, page, message, add_action, make_member):
    add_action(pages["old"], make_member(), hidden="x")
    with pytest.raises(store.ActionFieldGroupError, match=message):
        store.create_actionfield_group(integration, "Bad", field, pages[page].id if page else None)


def test_a_taken_name_is_refused(integration, pages, people, make_group):
    make_group("Volunteers")
    with pytest.raises(NameRejected, match="already exists"):
        store.create_actionfield_group(integration, "volunteers", "volunteer")


def test_delete_removes_rule_group_and_log_but_not_members(integration, pages, people):
    rule = store.create_actionfield_group(integration, "Gone", "volunteer")
    db.session.commit()
    group_id = rule.group_id
    assert "ActionField Groups tab" in deletion_refusal(db.session.get(Group, group_id))
    store.delete_actionfield_group(rule)
    db.session.commit()
    assert db.session.get(Group, group_id) is None
    assert db.session.scalar(db.select(db.func.count(ActionFieldGroup.id))) == 0
    assert db.session.scalar(db.select(db.func.count(GroupChange.id)).filter_by(group_id=group_id)) == 0
