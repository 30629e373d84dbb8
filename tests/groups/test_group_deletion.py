"""Deleting groups: the happy path cleans up; integration kinds refuse with a reason and keep everything."""
import re

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import (ActionFieldGroup, AkPage, AkUserGroup, Group, GroupChange,
                           GroupMembership)
from webapp.store import groups as store
from webapp.store.memberships import add_member_to_group

from tests.groups.conftest import HX, text


def _counts(group_id):
    """(groups with that id, memberships, change-log rows) still stored."""
    return tuple(db.session.query(model).filter_by(**{key: group_id}).count()
                 for model, key in ((Group, "id"), (GroupMembership, "group_id"), (GroupChange, "group_id")))


def test_delete_manual_group_removes_memberships_and_log(make_group, make_member, integration):
    group, keep = make_group("Doomed"), make_group("Kept")
    member = make_member()
    add_member_to_group(group, member, actor="t")
    add_member_to_group(keep, member, actor="t")
    page = AkPage(integration_id=integration.id, ak_id=7, name="old", synced=False, group_id=group.id)
    db.session.add(page)
    db.session.commit()
    assert store.deletion_refusal(group) is None
    assert store.delete_group(group) is None
    db.session.commit()
    assert _counts(group.id) == (0, 0, 0)
    assert _counts(keep.id) == (1, 1, 1)
    assert db.session.get(AkPage, page.id).group_id is None


def _primary(make_group, integration):
    return make_group("ActionKit Integration", "actionkit_primary")


def _page(make_group, integration):
    group = make_group("Page: petition", "actionkit_page")
    db.session.add(AkPage(integration_id=integration.id, ak_id=1, name="petition", synced=True, group_id=group.id))
    return group


def _usergroup(make_group, integration):
    group = make_group("Usergroup: Leaders", "actionkit_usergroup")
    db.session.add(AkUserGroup(integration_id=integration.id, ak_id=2, name="Leaders", synced=True,
                               group_id=group.id))
    return group


def _actionfield(make_group, integration):
    group = make_group("Field: volunteer", "actionfield")
    db.session.add(ActionFieldGroup(integration_id=integration.id, name="volunteer", field="volunteer",
                                    group_id=group.id))
    return group


REFUSED = [
    (_primary, "while the integration is active"),
    (_page, "ActionKit page “petition” is synced"),
    (_usergroup, "ActionKit usergroup “Leaders”, which is synced"),
    (_actionfield, "members come from an ActionKit action field"),
]


def _tab_labels(client):
    """Every tab a signed-in staff member can see: the main bar and the connected ActionKit area's tabs."""
    body = text(client.get("/actionkit/settings"))
    navs = re.findall(r'<nav aria-label="(?:Main|ActionKit sections)">(.*?)</nav>', body, re.S)
    return {label.strip() for nav in navs for label in re.findall(r">([^<>]+)</a>", nav)}


@pytest.mark.parametrize("build, reason", REFUSED)
def test_refusal_names_only_tabs_that_exist(auth_client, make_group, integration, build, reason):
    group = build(make_group, integration)
    db.session.commit()
    refusal = store.deletion_refusal(group)
    tabs = _tab_labels(auth_client)
    assert {"Members", "ActionKit", "Settings", "Users"} <= tabs
    assert set(re.findall(r"(\w+) tab\b", refusal)) <= tabs, refusal


@pytest.mark.parametrize("build, reason", REFUSED)
def test_integration_groups_refuse_and_keep_everything(make_group, make_member, integration, build, reason):
    group = build(make_group, integration)
    add_member_to_group(group, make_member(), actor="sync")
    db.session.commit()
    refusal = store.delete_group(group)
    assert refusal is not None and reason in refusal
    db.session.rollback()
    assert _counts(group.id) == (1, 1, 1)


@pytest.mark.parametrize("build, reason", REFUSED)
def test_refusal_is_shown_through_the_view(auth_client, make_group, integration, build, reason):
    group = build(make_group, integration)
    db.session.commit()
    response = auth_client.post(f"/groups/{group.id}/delete", headers=HX)
    body = text(response)
    assert response.status_code == 200
    assert f"Can't delete group “{group.name}”." in body and reason in body and 'role="alert"' in body
    assert "HX-Trigger" not in response.headers
    db.session.expire_all()
    assert db.session.get(Group, group.id) is not None


def test_primary_group_deletable_once_integration_inactive(make_group, integration):
    group = _primary(make_group, integration)
    integration.sync_enabled = False
    db.session.commit()
    assert store.deletion_refusal(group) is None


def test_page_and_usergroup_groups_deletable_once_unsynced(make_group, integration):
    page_group, usergroup_group = _page(make_group, integration), _usergroup(make_group, integration)
    for model in (AkPage, AkUserGroup):
        db.session.execute(model.__table__.update().values(synced=False))
    db.session.commit()
    assert store.deletion_refusal(page_group) is None
    assert store.deletion_refusal(usergroup_group) is None


def test_delete_view_happy_path_htmx(auth_client, make_group):
    group = make_group("Temp")
    response = auth_client.post(f"/groups/{group.id}/delete", headers=HX)
    assert response.status_code == 200
    assert "Deleted group “Temp”." in response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "groups-changed"
    assert db.session.scalar(select(Group).where(Group.name == "Temp")) is None


def test_delete_view_plain_post_redirects_with_flash(auth_client, make_group, integration):
    group = _primary(make_group, integration)
    response = auth_client.post(f"/groups/{group.id}/delete")
    assert response.status_code == 303
    page = text(auth_client.get(response.headers["Location"]))
    assert "Can't delete group “ActionKit Integration”." in page


def test_detail_page_explains_refusal(auth_client, make_group, integration):
    group = _actionfield(make_group, integration)
    db.session.commit()
    body = text(auth_client.get(f"/groups/{group.id}"))
    assert "This group can't be deleted." in body and "members come from an ActionKit action field" in body
