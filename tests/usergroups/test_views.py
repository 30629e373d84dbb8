"""Usergroups tab: every usergroup with its group's member count, search, sort, and sync/unsync from the row menu."""
import html
import re

import pytest

from webapp.extensions import db
from webapp.models import AkUserGroup, Group, GroupMembership, Integration

HX = {"HX-Request": "true"}


@pytest.fixture
def integration(app):
    """An active integration (credentials stored, Sync Accounts on)."""
    row = Integration(hostname="http://ak.test", username="api", password_encrypted="sealed", sync_enabled=True)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def usergroups(integration, make_member):
    """Three usergroups; "Donors" is synced into a group with two members."""
    group = Group(name="Donors", kind="actionkit_usergroup")
    db.session.add(group)
    db.session.flush()
    for _ in range(2):
        db.session.add(GroupMembership(group_id=group.id, member_id=make_member().id))
    rows = [AkUserGroup(integration_id=integration.id, ak_id=i, name=name) for i, name in
            enumerate(("Volunteers", "Donors", "Board members"), 1)]
    rows[1].synced, rows[1].group_id = True, group.id
    db.session.add_all(rows)
    db.session.commit()
    return {row.name: row for row in rows}


def _body(response):
    return html.unescape(response.get_data(as_text=True))


def _row_names(body):
    """The name cell of each row, in order."""
    return re.findall(r'<tr id="usergroup-\d+">\s*<td>(?:<a [^>]*>)?([^<]+)', body)


def test_lists_every_usergroup_with_members_and_synced_flag(auth_client, usergroups):
    body = _body(auth_client.get("/actionkit/usergroups"))
    assert "<html" in body and "3 usergroups" in body
    donors = body.split(f'<tr id="usergroup-{usergroups["Donors"].id}">')[1].split("</tr>")[0]
    assert "Synced" in donors and "<td data-members>2</td>" in donors and "Unsync" in donors
    volunteers = body.split(f'<tr id="usergroup-{usergroups["Volunteers"].id}">')[1].split("</tr>")[0]
    assert "Not synced" in volunteers and ">Sync<" in volunteers
    assert 'aria-current="page">Usergroups<' in body.replace("\n", "")


def test_search_and_sort(auth_client, usergroups):
    body = _body(auth_client.get("/actionkit/usergroups?q=DON", headers=HX))
    assert "<html" not in body and "1 usergroup" in body and "Donors" in body and "Volunteers" not in body
    body = _body(auth_client.get("/actionkit/usergroups?sort=-name"))
    assert _row_names(body) == ["Volunteers", "Donors", "Board members"]
    body = _body(auth_client.get("/actionkit/usergroups?sort=-members"))
    assert _row_names(body)[0] == "Donors"


def test_sync_from_the_row_menu_creates_the_group(auth_client, usergroups):
    row = usergroups["Volunteers"]
    response = auth_client.post(f"/actionkit/usergroups/{row.id}/sync", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "usergroups-changed"
    assert "is synced into the group “Volunteers”" in _body(response)
    db.session.expire_all()
    row = db.session.get(AkUserGroup, row.id)
    assert row.synced and db.session.get(Group, row.group_id).kind == "actionkit_usergroup"


def test_unsync_keeps_the_group(auth_client, usergroups):
    row = usergroups["Donors"]
    response = auth_client.post(f"/actionkit/usergroups/{row.id}/unsync", headers=HX)
    assert "no longer synced; its group keeps its members" in _body(response)
    db.session.expire_all()
    assert db.session.get(AkUserGroup, row.id).synced is False
    assert db.session.scalar(db.select(db.func.count()).where(GroupMembership.group_id == row.group_id)) == 2


def test_sync_is_refused_while_sync_accounts_is_off(auth_client, usergroups, integration):
    integration.sync_enabled = False
    db.session.commit()
    response = auth_client.post(f"/actionkit/usergroups/{usergroups['Volunteers'].id}/sync", headers=HX)
    body = _body(response)
    assert response.status_code == 200 and 'role="alert"' in body and "Settings tab" in body
    assert db.session.get(AkUserGroup, usergroups["Volunteers"].id).synced is False


def test_unknown_usergroup_is_404_and_posts_need_csrf(app, auth_client, usergroups):
    assert auth_client.post("/actionkit/usergroups/999999/sync", headers=HX).status_code == 404
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert auth_client.post(f"/actionkit/usergroups/{usergroups['Volunteers'].id}/sync").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.get(AkUserGroup, usergroups["Volunteers"].id).synced is False


def test_a_synced_usergroups_group_links_to_the_usergroups_tab_when_refused(auth_client, usergroups):
    group_id = usergroups["Donors"].group_id
    body = _body(auth_client.post(f"/groups/{group_id}/delete", headers=HX))
    assert "Can't delete group “Donors”." in body and 'href="/actionkit/usergroups"' in body
    detail = _body(auth_client.get(f"/groups/{group_id}"))
    assert 'Go to the Usergroups tab' in detail and 'href="/actionkit/usergroups"' in detail
