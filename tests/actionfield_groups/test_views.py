"""ActionField Groups tab: list, + Add group dialog (seen fields only), edit, delete; the Groups area defers to it."""
import html

import pytest

from webapp.extensions import db
from webapp.models import ActionFieldGroup, Group, GroupMembership
from webapp.store import actionfield_groups as store

HX = {"HX-Request": "true"}


def _body(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def acted(make_member, pages, add_action):
    """Ann volunteered on the volunteer page; Bob commented on the petition; Eve acted on an unsynced page."""
    ann, bob, eve = make_member(first_name="Ann"), make_member(first_name="Bob"), make_member(first_name="Eve")
    add_action(pages["volunteer"], ann, volunteer="yes")
    add_action(pages["petition"], bob, comment="Count me in")
    add_action(pages["old"], eve, secret="x")
    return {"ann": ann.id, "bob": bob.id}


def _members(name):
    group = db.session.scalar(db.select(Group).filter_by(name=name))
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=group.id)))


def test_the_dialog_offers_seen_fields_and_synced_pages_only(auth_client, acted):
    body = _body(auth_client.get("/actionkit/actionfield-groups/new", headers=HX))
    assert "<dialog" in body and "<html" not in body
    assert '<option value="volunteer">' in body and '<option value="comment">' in body
    assert "secret" not in body and ">old<" not in body and ">Any synced page<" in body


def test_create_with_page_and_value(auth_client, acted, pages):
    response = auth_client.post("/actionkit/actionfield-groups/new", headers=HX, data={
        "name": "Keen", "page": str(pages["petition"].id), "field": "comment", "value": "COUNT"})
    assert response.status_code == 204 and "actionfield-groups-changed" in response.headers["HX-Trigger"]
    assert _members("Keen") == {acted["bob"]}
    body = _body(auth_client.get("/actionkit/actionfield-groups"))
    row = body.split("<tr id=\"actionfield-group-")[1]
    assert "Keen" in row and "petition" in row and "COUNT" in row and "<td data-members>1</td>" in row


@pytest.mark.parametrize("data, error", [
    ({"name": "", "field": "volunteer"}, "Enter a group name."),
    ({"name": "X", "field": ""}, "Choose an action field."),
    ({"name": "X", "field": "secret"}, "No stored action on a synced page carries the field “secret”"),
    ({"name": "X", "field": "volunteer", "page": "99999999999999"}, "Choose a synced page"),
    ({"name": "X", "field": "volunteer", "value": "v" * 300}, "Keep the value to 255 characters"),
])
def test_bad_input_re_renders_the_dialog_with_the_reason(auth_client, acted, data, error):
    response = auth_client.post("/actionkit/actionfield-groups/new", headers=HX, data=data)
    body = _body(response)
    assert response.status_code == 200 and "<dialog" in body and error in body
    assert db.session.scalar(db.select(db.func.count(ActionFieldGroup.id))) == 0
    plain = auth_client.post("/actionkit/actionfield-groups/new", data=data)
    assert plain.status_code == 400 and error in _body(plain) and "<html" in _body(plain)


def test_edit_recomputes_members(auth_client, acted, integration):
    rule = store.create_actionfield_group(integration, "Helpers", "volunteer")
    db.session.commit()
    form = _body(auth_client.get(f"/actionkit/actionfield-groups/{rule.id}/edit", headers=HX))
    assert 'value="Helpers"' in form and '<option selected value="volunteer">' in form
    response = auth_client.post(f"/actionkit/actionfield-groups/{rule.id}/edit", headers=HX,
                                data={"name": "Commenters", "page": "", "field": "comment", "value": ""})
    assert response.status_code == 204
    assert _members("Commenters") == {acted["bob"]}


def test_delete_from_the_tab_only(auth_client, acted, integration):
    rule = store.create_actionfield_group(integration, "Helpers", "volunteer")
    db.session.commit()
    group_id = rule.group_id
    groups_list = _body(auth_client.get("/groups/"))
    row = groups_list.split(f'<tr id="group-{group_id}">')[1].split("</tr>")[0]
    assert "Delete" not in row and "Rename" not in row and "Edit on the ActionField Groups tab" in row
    refused = _body(auth_client.post(f"/groups/{group_id}/delete", headers=HX))
    assert "ActionField Groups tab" in refused and 'href="/actionkit/actionfield-groups"' in refused
    detail = _body(auth_client.get(f"/groups/{group_id}"))
    assert 'id="actionfield-edit-note"' in detail and 'href="/actionkit/actionfield-groups"' in detail
    response = auth_client.post(f"/actionkit/actionfield-groups/{rule.id}/delete", headers=HX)
    assert "Deleted actionfield group “Helpers”" in _body(response)
    assert db.session.get(Group, group_id) is None


def test_rename_through_the_groups_area_is_refused(auth_client, acted, integration):
    rule = store.create_actionfield_group(integration, "Helpers", "volunteer")
    db.session.commit()
    body = _body(auth_client.post(f"/groups/{rule.group_id}/rename", headers=HX, data={"name": "Other"}))
    assert "ActionField Groups tab" in body
    assert db.session.get(Group, rule.group_id).name == "Helpers"
