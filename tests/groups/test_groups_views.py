"""Groups views: page vs fragment, create/rename dialogs (htmx and plain), validation answers, CSRF."""
import re

import pytest

from webapp.extensions import db
from webapp.models import Group

from tests.conftest import build_app
from tests.groups.conftest import HX, text


def test_login_required(client):
    assert client.get("/groups/").status_code == 302
    assert client.post("/groups/new", data={"name": "x"}).status_code == 302
    assert db.session.query(Group).count() == 0


@pytest.mark.parametrize("url", ["/groups/", "/groups/?sort=-members&page=1"])
def test_index_page_vs_fragment(auth_client, make_group, url):
    make_group("Volunteers")
    page, fragment = auth_client.get(url), auth_client.get(url, headers=HX)
    boosted = auth_client.get(url, headers={**HX, "HX-Boosted": "true"})
    for response in (page, fragment, boosted):
        assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" in text(page) and "<html" in text(boosted)
    assert "<html" not in text(fragment) and 'id="groups-table"' in text(fragment)
    assert 'hx-trigger="groups-changed from:body"' in text(fragment)
    assert "Volunteers" in text(fragment) and "Manual" in text(fragment)


def test_new_dialog_fragment_and_page(auth_client):
    dialog = auth_client.get("/groups/new", headers=HX)
    assert "<dialog" in text(dialog) and "<html" not in text(dialog)
    assert 'hx-post="/groups/new"' in text(dialog)
    page = auth_client.get("/groups/new")
    assert "<html" in text(page) and "<dialog" not in text(page) and "hx-post" not in text(page)


def test_create_htmx_success_is_204_with_triggers(auth_client):
    response = auth_client.post("/groups/new", data={"name": "  Phone bank "}, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Trigger"] == "groups-changed, close-modal"
    assert [g.name for g in db.session.query(Group)] == ["Phone bank"]


def test_create_plain_success_redirects_with_flash(auth_client):
    response = auth_client.post("/groups/new", data={"name": "Canvass"}, follow_redirects=True)
    assert response.status_code == 200 and "Created group “Canvass”." in text(response)


@pytest.mark.parametrize("name, message", [
    ("", "Enter a group name."),
    ("x" * 201, "Keep the group name to 200 characters or fewer (this one has 201)."),
    ("volunteers ", "A group named “Volunteers” already exists; choose another name."),
])
def test_create_errors_htmx_200_dialog_plain_400_page(auth_client, make_group, name, message):
    make_group("Volunteers")
    htmx = auth_client.post("/groups/new", data={"name": name}, headers=HX)
    assert htmx.status_code == 200 and "<dialog" in text(htmx) and message in text(htmx)
    assert 'aria-invalid="true"' in text(htmx) and "HX-Trigger" not in htmx.headers
    plain = auth_client.post("/groups/new", data={"name": name})
    assert plain.status_code == 400 and "<html" in text(plain) and message in text(plain)
    assert db.session.query(Group).count() == 1


def test_rename_dialog_prefilled_then_saved(auth_client, make_group):
    group = make_group("Volunters")
    dialog = auth_client.get(f"/groups/{group.id}/rename", headers=HX)
    assert 'value="Volunters"' in text(dialog) and "Rename “Volunters”" in text(dialog)
    response = auth_client.post(f"/groups/{group.id}/rename", data={"name": "Volunteers"}, headers=HX)
    assert response.status_code == 204 and "groups-changed" in response.headers["HX-Trigger"]
    db.session.expire_all()
    assert db.session.get(Group, group.id).name == "Volunteers"


@pytest.mark.parametrize("name, message", [
    ("  ", "Enter a group name."),
    ("DONORS", "A group named “Donors” already exists"),
    ("z" * 250, "200 characters or fewer"),
])
def test_rename_errors_leave_name_unchanged(auth_client, make_group, name, message):
    group = make_group("Volunteers")
    make_group("Donors")
    htmx = auth_client.post(f"/groups/{group.id}/rename", data={"name": name}, headers=HX)
    assert htmx.status_code == 200 and message in text(htmx)
    assert auth_client.post(f"/groups/{group.id}/rename", data={"name": name}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Group, group.id).name == "Volunteers"


def test_unknown_group_is_404(auth_client):
    assert auth_client.get("/groups/999").status_code == 404
    assert auth_client.post("/groups/999/delete", headers=HX).status_code == 404


def test_csrf_on_htmx_post_uses_body_header(staff):
    app = build_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text(client.get("/login"))).group(1)
    client.post("/login", data={"email": staff.email, "password": "correct horse battery",
                                "csrf_token": login_token})
    token = re.search(r'"X-CSRFToken": "([^"]+)"', text(client.get("/groups/"))).group(1)
    assert client.post("/groups/new", data={"name": "NoToken"}, headers=HX).status_code == 400
    ok = client.post("/groups/new", data={"name": "WithToken"}, headers={**HX, "X-CSRFToken": token})
    assert ok.status_code == 204
    assert [g.name for g in db.session.query(Group)] == ["WithToken"]
