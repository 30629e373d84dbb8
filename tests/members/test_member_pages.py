"""Detail page, add-to-group dialog, and page-vs-fragment rendering of the list."""
from webapp.extensions import db
from webapp.models import GroupChange, GroupMembership, Message

from .conftest import HX


def test_detail_shows_fields_custom_values_groups_and_messages(auth_client, make_member, make_field, make_group):
    field = make_field("Shirt size")
    member = make_member(first_name="Ada", last_name="Lovelace", email="ada@example.org", zip="94103",
                         state="CA", custom={field: "XL"}, groups=[make_group("Volunteers")])
    db.session.add(Message(member_id=member.id, direction="inbound", body="STOP please"))
    db.session.commit()
    body = auth_client.get(f"/members/{member.id}").get_data(as_text=True)
    for text in ("Ada Lovelace", "ada@example.org", "94103", "Shirt size", "XL", "Volunteers", "STOP please"):
        assert text in body


def test_detail_of_missing_member_is_404(auth_client):
    assert auth_client.get("/members/999").status_code == 404


def test_add_to_group_dialog_offers_only_joinable_groups(auth_client, make_member, make_group):
    joined, free = make_group("Joined"), make_group("Free")
    make_group("Mirrored", kind="actionkit_usergroup")
    member = make_member(groups=[joined])
    body = auth_client.get(f"/members/{member.id}/groups", headers=HX).get_data(as_text=True)
    assert "<dialog" in body and "<html" not in body
    assert f'value="{free.id}"' in body
    assert "Joined" not in body and "Mirrored" not in body


def test_add_to_group_saves_and_logs(auth_client, make_member, make_group):
    group, member = make_group("Volunteers"), make_member()
    response = auth_client.post(f"/members/{member.id}/groups", data={"group_id": group.id}, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Trigger"] == "member-updated, close-modal"
    assert db.session.get(GroupMembership, (group.id, member.id)) is not None
    assert db.session.scalar(db.select(GroupChange.actor)) == "staff@example.org"


def test_add_to_unknown_group_is_an_error(auth_client, make_member, make_group):
    make_group("Volunteers")
    member = make_member()
    response = auth_client.post(f"/members/{member.id}/groups", data={"group_id": 9999})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(GroupMembership)) == 0


def test_list_page_vs_fragment(auth_client, make_member):
    make_member(first_name="Ada")
    page = auth_client.get("/members/")
    assert "<html" in page.get_data(as_text=True) and 'id="members-table"' in page.get_data(as_text=True)
    fragment = auth_client.get("/members/", headers=HX)
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Ada" in text and 'class="table-region"' in text
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in page.headers["Vary"]
    boosted = auth_client.get("/members/", headers=dict(HX, **{"HX-Boosted": "true"}))
    assert "<html" in boosted.get_data(as_text=True)


def test_list_markup_is_accessible_and_wired_for_htmx(auth_client, make_member):
    make_member(first_name="Ada")
    body = auth_client.get("/members/?sort=-phone").get_data(as_text=True)
    assert '<label for="member-search">' in body
    assert 'hx-trigger="keyup changed delay:300ms, search"' in body and 'hx-push-url="true"' in body
    assert 'aria-sort="descending"' in body and 'aria-sort="none"' in body
    assert 'hx-trigger="member-updated from:body"' in body
    assert 'aria-label="Actions for Ada"' in body
