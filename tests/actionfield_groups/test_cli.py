"""`flask actionkit actionfield-group create|delete`: the same rules as the tab, one-line refusals."""
import pytest

from webapp.extensions import db
from webapp.models import ActionFieldGroup, Group, GroupMembership


@pytest.fixture
def acted(make_member, pages, add_action):
    """Ann and Bob volunteered (Ann on the volunteer page, "yes"); Cat commented on the petition."""
    ann, bob, cat = make_member(), make_member(), make_member()
    add_action(pages["volunteer"], ann, volunteer="Yes")
    add_action(pages["petition"], bob, volunteer="no")
    add_action(pages["petition"], cat, comment="hi")
    return {"ann": ann.id, "bob": bob.id, "cat": cat.id}


def _members(name):
    group = db.session.scalar(db.select(Group).filter_by(name=name))
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=group.id)))


@pytest.mark.parametrize("extra, expected", [
    ([], {"ann", "bob"}),
    (["--page", "volunteer"], {"ann"}),
    (["--value", "YES"], {"ann"}),
    (["--page", "petition", "--value", "no"], {"bob"}),
])
def test_create_fills_the_group(runner, integration, acted, extra, expected):
    result = runner.invoke(args=["actionkit", "actionfield-group", "create", "--name", "Vols", "--field",
                                 "volunteer", *extra])
    assert result.exit_code == 0, result.output
    assert f"with {len(expected)} member" in result.output
    assert _members("Vols") == {acted[name] for name in expected}


@pytest.mark.parametrize("args, reason", [
    (["--name", "X", "--field", "nope"], "No stored action on a synced page carries the field “nope”"),
    (["--name", "X", "--field", "volunteer", "--page", "old"], "No synced ActionKit page is named “old”"),
    (["--name", "X", "--field", "volunteer", "--page", "missing"], "No synced ActionKit page is named “missing”"),
    (["--name", "  ", "--field", "volunteer"], "Enter a group name."),
    (["--name", "Nul\x00name", "--field", "volunteer"], "Remove the control character (U+0000) from the name"),
    (["--name", "X", "--field", "volunteer", "--value", "y\x00es"], "Remove the control character (U+0000)"),
    (["--name", "X", "--field", "volunteer", "--page", "vol\x00"], "Remove the control character (U+0000) from the page"),
])
def test_create_refusals(runner, integration, acted, args, reason):
    result = runner.invoke(args=["actionkit", "actionfield-group", "create", *args])
    assert result.exit_code != 0 and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db.session.scalar(db.select(db.func.count(ActionFieldGroup.id))) == 0


def test_delete_by_name(runner, integration, acted, make_group):
    make_group("Taken")
    taken = runner.invoke(args=["actionkit", "actionfield-group", "create", "--name", "taken", "--field", "comment"])
    assert taken.exit_code != 0 and "already exists" in taken.output
    runner.invoke(args=["actionkit", "actionfield-group", "create", "--name", "Commenters", "--field", "comment"])
    result = runner.invoke(args=["actionkit", "actionfield-group", "delete", "commenters"])
    assert result.exit_code == 0 and "Deleted actionfield group “Commenters”" in result.output
    assert db.session.scalar(db.select(Group).filter_by(name="Commenters")) is None
    again = runner.invoke(args=["actionkit", "actionfield-group", "delete", "Commenters"])
    assert again.exit_code != 0 and "No actionfield group is named “Commenters”" in again.output
    nul = runner.invoke(args=["actionkit", "actionfield-group", "delete", "Comm\x00enters"])
    assert nul.exit_code != 0 and "Remove the control character (U+0000) from the group name." in nul.output
