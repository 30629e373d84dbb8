"""Group detail: add/remove members by hand, the change log (actor, action, order), pagination."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import GroupChange, GroupMembership
from webapp.store import groups as store
from webapp.store.memberships import add_member_to_group

from tests.groups.conftest import HX, text


def _log(group):
    """(action, actor, member label) rows, newest first, as the page orders them."""
    return [(c.action, c.actor, c.member_label) for c in store.group_changes(group).items]


def test_add_then_remove_logs_actor_action_and_order(auth_client, make_group, make_member):
    group = make_group("Volunteers")
    ann = make_member(first_name="Ann", last_name="Lee")
    added = auth_client.post(f"/groups/{group.id}/members", data={"who": ann.phone}, headers=HX)
    assert added.status_code == 200 and added.headers["HX-Trigger"] == "group-members-changed"
    assert "Added Ann Lee to “Volunteers”." in text(added) and 'value=""' in text(added)
    removed = auth_client.post(f"/groups/{group.id}/members/{ann.id}/remove", headers=HX)
    assert removed.status_code == 200 and "Removed Ann Lee from “Volunteers”." in text(removed)
    assert removed.headers["HX-Trigger"] == "group-members-changed"
    label = f"Ann Lee ({ann.phone})"
    assert _log(group) == [("left", "staff@example.org", label), ("joined", "staff@example.org", label)]
    assert db.session.get(GroupMembership, (group.id, ann.id)) is None


def test_change_log_rendered_newest_first_with_actor(auth_client, make_group, make_member):
    group = make_group("Volunteers")
    ann, bob = make_member(first_name="Ann"), make_member(first_name="Bob")
    add_member_to_group(group, ann, actor="sync")
    add_member_to_group(group, bob, actor="jo@example.org")
    db.session.commit()
    body = text(auth_client.get(f"/groups/{group.id}/changes", headers=HX))
    assert "<html" not in body and 'id="group-changes"' in body
    assert body.index("Bob") < body.index("Ann")
    assert "jo@example.org" in body and "sync" in body


def test_add_errors_are_shown_and_nothing_changes(auth_client, make_group, make_member):
    group = make_group("Volunteers")
    ann = make_member(first_name="Ann")
    add_member_to_group(group, ann, actor="t")
    db.session.commit()
    cases = [("", "Enter the member's phone number or email."),
             (ann.phone, "Ann is already in this group."),
             ("+12025550199", "No member has the phone number +12025550199."),
             ("nonsense", "No member has the phone number nonsense.")]
    for who, message in cases:
        htmx = auth_client.post(f"/groups/{group.id}/members", data={"who": who}, headers=HX)
        assert htmx.status_code == 200 and message in text(htmx) and "HX-Trigger" not in htmx.headers
        plain = auth_client.post(f"/groups/{group.id}/members", data={"who": who})
        assert plain.status_code == 400 and "<html" in text(plain) and message in text(plain)
    assert len(_log(group)) == 1


def test_sync_managed_groups_refuse_hand_edits(auth_client, make_group, make_member):
    group = make_group("Usergroup: Leaders", "actionkit_usergroup")
    ann = make_member()
    add_member_to_group(group, ann, actor="sync")
    db.session.commit()
    page = text(auth_client.get(f"/groups/{group.id}"))
    assert "follows ActionKit" in page and 'id="group-add"' not in page and "Remove from group" not in page
    assert "recomputed" not in page  # no fetch recomputes these groups yet: say only what is true
    assert auth_client.post(f"/groups/{group.id}/members", data={"who": ann.phone}).status_code == 400
    refused = auth_client.post(f"/groups/{group.id}/members/{ann.id}/remove", headers=HX)
    assert "follows ActionKit" in text(refused) and "HX-Trigger" not in refused.headers
    assert db.session.get(GroupMembership, (group.id, ann.id)) is not None


def test_member_list_paginates_and_links_members(app, auth_client, make_group, make_member):
    app.config["MEMBERS_PAGE_SIZE"] = 2
    group = make_group("Volunteers")
    members = [make_member(first_name=f"M{i}") for i in range(5)]
    for member in members:
        add_member_to_group(group, member, actor="t")
    db.session.commit()
    first = text(auth_client.get(f"/groups/{group.id}"))
    assert "5 members" in first and "Page 1 of 3" in first
    assert ">M4" in first and ">M3" in first and ">M2" not in first  # newest joiners first
    second = text(auth_client.get(f"/groups/{group.id}/members?page=2", headers=HX))
    assert "<html" not in second and ">M2" in second and ">M1" in second and ">M4" not in second
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert f'href="/members/{members[2].id}"' in second


def test_change_log_paginates_separately(app, auth_client, make_group, make_member):
    app.config["MEMBERS_PAGE_SIZE"] = 2
    group = make_group("Volunteers")
    for i in range(3):
        add_member_to_group(group, make_member(first_name=f"M{i}"), actor="t")
    db.session.commit()
    last = text(auth_client.get(f"/groups/{group.id}/changes?log_page=2", headers=HX))
    assert ">M0" in last and ">M2" not in last and "Page 2 of 2" in last
    assert db.session.scalar(select(db.func.count()).select_from(GroupChange)) == 3
