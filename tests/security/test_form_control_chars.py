"""Every form refuses NUL and other control characters with a field error: never a 500, nothing saved.

On PostgreSQL (TEST_DATABASE_URL) a NUL that reached the database would be a psycopg DataError.
"""
import pytest

from tests.security.conftest import HX, NUL, count
from webapp.extensions import db
from webapp.models import CustomField, Group, GroupMembership, Member, StaffUser

FIELD_ERROR = "Remove the control character"
MEMBER = {"first_name": "Ada", "last_name": "Lovelace", "phone": "(415) 555-2671", "email": "ada@example.org",
          "city": "", "zip": ""}


def _refused(response, *, status=400):
    """A plain (non-htmx) post with errors answers 400 and names the problem next to the field."""
    assert response.status_code == status, response.status_code
    assert FIELD_ERROR in response.get_data(as_text=True)


@pytest.mark.parametrize("field,value", [
    ("first_name", "Ev" + NUL + "il"),
    ("last_name", "Smith\x07"),
    ("city", "Oak\x1bland"),
    ("email", "ev" + NUL + "@example.org"),
    ("phone", "415 555 2671" + NUL),
    ("zip", "941" + NUL + "03"),
    ("first_name", "C1\x85control"),
    ("first_name", "tab\tinside"),
])
def test_member_create_refuses_control_characters(auth_client, field, value):
    response = auth_client.post("/members/new", data=dict(MEMBER, **{field: value}))
    _refused(response)
    assert count(Member) == 0


def test_member_create_refuses_them_in_custom_fields_too(auth_client, make_field):
    shirt = make_field("Shirt size")
    response = auth_client.post("/members/new", data=dict(MEMBER, **{f"custom_{shirt.id}": "L" + NUL}))
    _refused(response)
    assert count(Member) == 0


def test_member_edit_refuses_and_keeps_the_old_value(auth_client, make_member):
    member = make_member(first_name="Grace", last_name="Hopper")
    response = auth_client.post(f"/members/{member.id}/edit", headers=HX,
                                data=dict(MEMBER, phone=member.phone, first_name="Ev" + NUL + "il"))
    _refused(response, status=200)  # htmx re-renders the dialog with the error
    db.session.expire_all()
    assert db.session.get(Member, member.id).first_name == "Grace"


def test_surrounding_newlines_are_trimmed_not_refused(auth_client):
    response = auth_client.post("/members/new", data=dict(MEMBER, first_name="  Ada\r\n"))
    assert response.status_code == 303
    assert db.session.scalar(db.select(Member.first_name)) == "Ada"


@pytest.mark.parametrize("url", ["/groups/new", "/fields/new"])
def test_name_dialogs_refuse_control_characters(auth_client, url):
    _refused(auth_client.post(url, data={"name": "Volun" + NUL + "teers"}))
    assert count(Group) == 0 and count(CustomField) == 0


def test_rename_dialogs_refuse_control_characters(auth_client, make_group, make_field):
    group, field = make_group("Volunteers"), make_field("Shirt size")
    _refused(auth_client.post(f"/groups/{group.id}/rename", data={"name": "V" + NUL}))
    _refused(auth_client.post(f"/fields/{field.id}/rename", data={"name": "S" + NUL}))
    db.session.expire_all()
    assert (db.session.get(Group, group.id).name, db.session.get(CustomField, field.id).name) == \
        ("Volunteers", "Shirt size")


def test_add_member_to_group_by_phone_or_email_refuses_control_characters(auth_client, make_group, make_member):
    group = make_group("Volunteers")
    make_member(email="ada@example.org")
    response = auth_client.post(f"/groups/{group.id}/members", data={"who": "ada" + NUL + "@example.org"})
    _refused(response)
    assert count(GroupMembership) == 0


def test_member_add_to_group_refuses_a_dirty_choice(auth_client, make_group, make_member):
    group, member = make_group("Volunteers"), make_member()
    response = auth_client.post(f"/members/{member.id}/groups", data={"group_id": f"{group.id}{NUL}"})
    _refused(response)
    assert count(GroupMembership) == 0


def test_login_refuses_control_characters_without_a_500(client, staff):
    response = client.post("/login", data={"email": staff.email + NUL, "password": "correct horse battery"})
    assert response.status_code == 200 and FIELD_ERROR in response.get_data(as_text=True)
    assert client.get("/members/").status_code == 302  # not signed in
    db.session.expire_all()
    assert db.session.get(StaffUser, staff.id).failed_logins == 0
