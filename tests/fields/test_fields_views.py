"""Custom fields views: page vs fragment, dialogs (htmx and plain), delete and its refusal."""
import pytest

from webapp.extensions import db
from webapp.models import CustomField, MemberFieldValue

from tests.fields.conftest import HX, text


def test_index_page_vs_fragment(auth_client, make_field, members, map_field):
    map_field(make_field("Color", {members[0]: "red"}), "fav_color")
    page, fragment = auth_client.get("/fields/"), auth_client.get("/fields/", headers=HX)
    for response in (page, fragment):
        assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" in text(page) and 'id="fields-table"' in text(page)
    assert "<html" not in text(fragment) and 'hx-trigger="fields-changed from:body"' in text(fragment)
    assert "Color" in text(fragment) and "fav_color" in text(fragment)


def test_create_htmx_204_with_triggers(auth_client):
    response = auth_client.post("/fields/new", data={"name": " Employer "}, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Trigger"] == "fields-changed, close-modal"
    assert [f.name for f in db.session.query(CustomField)] == ["Employer"]


@pytest.mark.parametrize("name, message", [
    ("", "Enter a field name."),
    ("e" * 70, "64 characters or fewer"),
    ("EMPLOYER", "A field named “Employer” already exists"),
    ("email", "built-in member field"),
])
def test_create_errors_htmx_200_plain_400(auth_client, make_field, name, message):
    make_field("Employer")
    htmx = auth_client.post("/fields/new", data={"name": name}, headers=HX)
    assert htmx.status_code == 200 and "<dialog" in text(htmx) and message in text(htmx)
    plain = auth_client.post("/fields/new", data={"name": name})
    assert plain.status_code == 400 and "<html" in text(plain) and message in text(plain)
    assert db.session.query(CustomField).count() == 1


def test_rename_dialog_and_save(auth_client, make_field):
    field = make_field("Employr")
    dialog = auth_client.get(f"/fields/{field.id}/rename", headers=HX)
    assert "<dialog" in text(dialog) and 'value="Employr"' in text(dialog)
    bad = auth_client.post(f"/fields/{field.id}/rename", data={"name": "a/b"}, headers=HX)
    assert bad.status_code == 200 and "Use only letters" in text(bad)
    good = auth_client.post(f"/fields/{field.id}/rename", data={"name": "Employer"})
    assert good.status_code == 303
    db.session.expire_all()
    assert db.session.get(CustomField, field.id).name == "Employer"


def test_delete_htmx_removes_values(auth_client, make_field, members):
    field = make_field("Temp", {members[0]: "a", members[1]: "b"})
    response = auth_client.post(f"/fields/{field.id}/delete", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "fields-changed"
    assert "Deleted field “Temp” and its values." in text(response)
    assert db.session.query(CustomField).count() == 0 and db.session.query(MemberFieldValue).count() == 0


def test_delete_refused_while_mapped(auth_client, make_field, members, map_field):
    field = make_field("Color", {members[0]: "red"})
    map_field(field, "fav_color")
    response = auth_client.post(f"/fields/{field.id}/delete", headers=HX)
    body = text(response)
    assert "Can't delete field “Color”." in body and "userfield “fav_color”; remove the mapping first" in body
    assert "HX-Trigger" not in response.headers and 'role="alert"' in body
    plain = auth_client.post(f"/fields/{field.id}/delete", follow_redirects=True)
    assert "remove the mapping first" in text(plain)
    assert db.session.query(CustomField).count() == 1 and db.session.query(MemberFieldValue).count() == 1
