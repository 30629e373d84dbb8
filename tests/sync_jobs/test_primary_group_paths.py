"""Every way staff can put a member in the primary group creates the ActionKit user when Create users is
on: the member page's group dialog, the group page's add form, and an email added later to a member
already in the group. Each path: the outbox row appears, the push drain creates the user in aksandbox
and links it."""
import pytest

from tests.sync_jobs.helpers import cycle, pending_count
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox
from webapp.store.groups import primary_group
from webapp.store.members import create_member

EMAIL = "rosa.parks@example.org"


@pytest.fixture
def creating(connected, activated):
    """An active integration with Create users on."""
    connected.create_users = True
    db.session.commit()
    return connected


@pytest.fixture
def signed_in(app, staff):
    client = app.test_client()
    response = client.post("/login", data={"email": staff.email, "password": "correct horse battery"})
    assert response.status_code == 302
    return client


def new_member(email=EMAIL, phone="+12125550142"):
    member = create_member({"phone": phone, "email": email, "first_name": "Rosa", "last_name": "Parks",
                            "zip": "10001", "subscribed": True, "source": "manual"}, {}, actor="staff")
    db.session.commit()
    return member


def assert_create_row_then_linked_user(raw, member, email=EMAIL):
    """One pending create-user row for the member; one cycle later a linked user with its values."""
    rows = list(db.session.scalars(db.select(PushOutbox).filter_by(member_id=member.id)))
    assert [(row.ak_user_id, row.status) for row in rows] == [(None, "pending")]
    cycle()
    linked = db.session.scalar(db.select(AkUser).filter_by(member_id=member.id))
    assert linked is not None and linked.status == "synced"
    user = raw.user(linked.ak_id)
    assert (user["email"], user["first_name"], user["last_name"]) == (email, "Rosa", "Parks")
    assert pending_count() == 0


def test_member_page_group_dialog(raw, creating, signed_in):
    member = new_member()
    group = primary_group()
    db.session.commit()
    response = signed_in.post(f"/members/{member.id}/groups", data={"group_id": group.id})
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    assert_create_row_then_linked_user(raw, member)


def test_group_page_add_form(raw, creating, signed_in):
    member = new_member()
    group = primary_group()
    db.session.commit()
    response = signed_in.post(f"/groups/{group.id}/members", data={"who": member.phone})
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    assert_create_row_then_linked_user(raw, member)


def test_email_added_later_to_a_member_already_in_the_group(raw, creating, signed_in):
    member = new_member(email=None, phone="+12125550143")
    signed_in.post(f"/groups/{primary_group().id}/members", data={"who": member.phone})
    assert pending_count() == 0  # ActionKit needs an email to create a user
    response = signed_in.post(f"/members/{member.id}/edit", data={
        "phone": member.phone, "email": "rosa.late@example.org", "first_name": "Rosa", "last_name": "Parks",
        "zip": "10001", "subscribed": "y"})
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    assert_create_row_then_linked_user(raw, member, email="rosa.late@example.org")


def test_nothing_is_created_from_the_forms_when_create_users_is_off(raw, activated, signed_in):
    member = new_member()
    group = primary_group()
    db.session.commit()
    signed_in.post(f"/members/{member.id}/groups", data={"group_id": group.id})
    assert pending_count() == 0 and db.session.scalar(db.select(AkUser).filter_by(member_id=member.id)) is None
