"""Create/edit/delete through the web: validation errors save nothing; good input is normalized."""
import pytest

from webapp.extensions import db
from webapp.models import GroupChange, GroupMembership, Member, MemberFieldValue, Message

from .conftest import HX, member_count

GOOD = {"first_name": "Ada", "last_name": "Lovelace", "phone": "(415) 555-2671",
        "email": "ada@example.org", "city": "", "zip": "94103", "subscribed": "y"}


def post_new(client, headers=None, **overrides):
    """POST the create form with GOOD values plus overrides."""
    return client.post("/members/new", data=dict(GOOD, **overrides), headers=headers or {})


def test_create_via_dialog_answers_204_with_triggers(auth_client):
    response = post_new(auth_client, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Trigger"] == "member-updated, close-modal"
    member = db.session.scalar(db.select(Member))
    assert (member.phone, member.email, member.zip, member.state, member.city) == (
        "+14155552671", "ada@example.org", "94103", "CA", "San Francisco")
    assert member.subscribed is True and member.source == "manual"


def test_create_without_js_redirects_to_detail(auth_client):
    response = post_new(auth_client)
    assert response.status_code == 303
    member = db.session.scalar(db.select(Member))
    assert response.headers["Location"].endswith(f"/members/{member.id}")


@pytest.mark.parametrize("raw", ["4155552671", "415.555.2671", "+1 415 555 2671", "1-415-555-2671"])
def test_phone_formats_normalize_to_e164(auth_client, raw):
    assert post_new(auth_client, headers=HX, phone=raw).status_code == 204
    assert db.session.scalar(db.select(Member.phone)) == "+14155552671"


def test_zip_plus_four_is_cut_and_state_derived(auth_client):
    assert post_new(auth_client, headers=HX, zip="10001-1234", city="Manhattan").status_code == 204
    member = db.session.scalar(db.select(Member))
    assert (member.zip, member.state, member.city) == ("10001", "NY", "Manhattan")


@pytest.mark.parametrize("overrides, message", [
    ({"phone": "555-1234"}, "Enter a valid phone number"),
    ({"phone": ""}, "Enter a phone number."),
    ({"zip": "1234"}, "Enter a 5-digit zip code"),
    ({"zip": "00000"}, "00000 is not a known US zip code."),
    ({"email": "not-an-email"}, "Enter a valid email address"),
])
def test_invalid_field_is_reported_and_nothing_saved(auth_client, overrides, message):
    response = post_new(auth_client, headers=HX, **overrides)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert message in body and 'role="alert"' in body and "<dialog" in body
    assert member_count() == 0


def test_invalid_plain_post_answers_400_with_the_error_in_a_page(auth_client):
    response = post_new(auth_client, zip="00000")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<html" in body and "00000 is not a known US zip code." in body
    assert member_count() == 0


def test_duplicate_phone_is_refused_in_any_format(auth_client, make_member):
    make_member(phone="+14155552671")
    response = post_new(auth_client, headers=HX, phone="415-555-2671")
    assert "Another member already has this phone number" in response.get_data(as_text=True)
    assert member_count() == 1


def test_one_bad_field_blocks_custom_values_too(auth_client, make_field):
    field = make_field("Shirt size")
    post_new(auth_client, headers=HX, email="nope", **{f"custom_{field.id}": "L"})
    assert member_count() == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(MemberFieldValue)) == 0


def test_custom_values_saved_on_create_and_edit(auth_client, make_field):
    size, team = make_field("Shirt size"), make_field("Team")
    post_new(auth_client, headers=HX, **{f"custom_{size.id}": " L ", f"custom_{team.id}": "Blue"})
    member = db.session.scalar(db.select(Member))
    assert {v.field_id: v.value for v in member.field_values} == {size.id: "L", team.id: "Blue"}
    data = dict(GOOD, **{f"custom_{size.id}": "M", f"custom_{team.id}": ""})
    assert auth_client.post(f"/members/{member.id}/edit", data=data, headers=HX).status_code == 204
    db.session.expire_all()
    assert {v.field_id: v.value for v in member.field_values} == {size.id: "M"}


def test_edit_keeps_own_phone_and_shows_prefilled_dialog(auth_client, make_member, make_field):
    field = make_field("Team")
    member = make_member(phone="+14155552671", first_name="Ada", custom={field: "Red"})
    dialog = auth_client.get(f"/members/{member.id}/edit", headers=HX).get_data(as_text=True)
    assert "<html" not in dialog and 'value="Ada"' in dialog and 'value="Red"' in dialog
    response = auth_client.post(f"/members/{member.id}/edit", data=dict(GOOD, first_name="Grace"), headers=HX)
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(Member, member.id).first_name == "Grace"


def test_edit_to_another_members_phone_is_refused(auth_client, make_member):
    make_member(phone="+14155552671")
    other = make_member(phone="+12125550000", first_name="Bob")
    response = auth_client.post(f"/members/{other.id}/edit", data=dict(GOOD, first_name="Changed"), headers=HX)
    assert "Another member already has this phone number" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Member, other.id).first_name == "Bob"


def test_full_page_form_works_without_js(auth_client, make_member):
    member = make_member()
    for url in ("/members/new", f"/members/{member.id}/edit"):
        body = auth_client.get(url).get_data(as_text=True)
        assert "<html" in body and 'method="post"' in body and 'for="phone"' in body


def test_delete_by_htmx_removes_member_memberships_and_messages(auth_client, make_member, make_group):
    group = make_group("Volunteers")
    member = make_member(groups=[group], first_name="Ada")
    db.session.add(Message(member_id=member.id, direction="outbound", body="hi"))
    db.session.commit()
    response = auth_client.delete(f"/members/{member.id}/delete", headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "member-updated"
    assert "Deleted Ada" in response.get_data(as_text=True)
    assert member_count() == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(GroupMembership)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Message)) == 0
    change = db.session.scalar(db.select(GroupChange))
    assert (change.action, change.actor) == ("left", "staff@example.org")


def test_delete_without_js_redirects_to_list(auth_client, make_member):
    member = make_member()
    response = auth_client.post(f"/members/{member.id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/members/")
    assert member_count() == 0


def test_row_menu_delete_asks_for_confirmation(auth_client, make_member):
    member = make_member(first_name="Ada")
    body = auth_client.get("/members/").get_data(as_text=True)
    assert f'hx-delete="/members/{member.id}/delete"' in body
    assert 'hx-confirm="Delete Ada? This cannot be undone."' in body
