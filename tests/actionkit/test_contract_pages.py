"""Contract: pages, import pages, actions, action processing, usergroups, allowed user fields."""
import pytest

from webapp.actionkit import NotFound, ValidationError, parse_ak_datetime

from .conftest import make_client


@pytest.fixture(scope="module")
def all_actions(sandbox):
    """Every seeded action (ground truth for the action filters)."""
    return list(make_client(sandbox).iter_actions())


@pytest.fixture(scope="module")
def import_page(sandbox):
    """A fresh import page created through the client (as activation does)."""
    client = make_client(sandbox)
    page_id = client.create_import_page("kitbridge-import", "Kitbridge member sync")
    return {"id": page_id, "name": "kitbridge-import"}


def test_iter_pages_returns_typed_uris(ak):
    pages = list(ak.iter_pages())
    assert len(pages) >= 3
    for page in pages:
        kind = page["type"].lower()
        assert page["resource_uri"] == f"/rest/v1/{kind}page/{page['id']}/"


def test_iter_pages_updated_since(ak, import_page):
    created = ak.get_page_by_name(import_page["name"])
    recent = list(ak.iter_pages(updated_since=parse_ak_datetime(created["updated_at"])))
    assert [p["id"] for p in recent] == [import_page["id"]]


def test_get_page_by_name(ak, import_page):
    page = ak.get_page_by_name("kitbridge-import")
    assert page["id"] == import_page["id"] and page["type"] == "Import"
    assert page["title"] == "Kitbridge member sync"
    assert ak.get_page_by_name("no-such-page") is None


def test_create_import_page_validation_errors_use_tastypie_shape(ak, import_page):
    with pytest.raises(ValidationError) as duplicate:
        ak.create_import_page("kitbridge-import", "Again")
    assert "already exists" in duplicate.value.errors["name"][0]
    assert "importpage" in duplicate.value.body  # {"importpage": {"name": [...]}}
    with pytest.raises(ValidationError) as slug:
        ak.create_import_page("not a slug!", "Bad")
    assert "slug" in slug.value.errors["name"][0]


def test_iter_actions_by_page_and_since(ak, all_actions):
    assert len(all_actions) > 50
    page_uri = all_actions[0]["page"]
    page_id = int(page_uri.rstrip("/").rsplit("/", 1)[1])
    on_page = list(ak.iter_actions(page_id=page_id))
    assert {a["id"] for a in on_page} == {a["id"] for a in all_actions if a["page"] == page_uri}
    stamps = sorted(parse_ak_datetime(a["created_at"]) for a in all_actions)
    since = stamps[len(stamps) // 2]
    newer = list(ak.iter_actions(since=since))
    assert {a["id"] for a in newer} == {a["id"] for a in all_actions if parse_ak_datetime(a["created_at"]) >= since}
    created = [parse_ak_datetime(a["created_at"]) for a in newer]
    assert created == sorted(created)


def test_get_action(ak, all_actions):
    action = all_actions[3]
    assert ak.get_action(action["id"]) == action
    with pytest.raises(NotFound):
        ak.get_action(99999999)


def test_post_action_creates_then_matches_the_user(ak, import_page):
    first = ak.post_action({"page": import_page["name"], "email": "texter@example.org", "first_name": "Tex",
                            "mobile_phone": "(215) 555-0143", "user_sms_opt_in": "true",
                            "action_strive_member": "42"})
    assert first["created_user"] is True and isinstance(first["user_id"], int)
    assert isinstance(first["action_id"], int) and first["fields"]["strive_member"] == "42"
    user = ak.get_user(first["user_id"])
    assert user["first_name"] == "Tex" and user["fields"]["sms_opt_in"] == "true"
    assert [p["type"] for p in ak.get_phones_for_users([user["id"]])[user["id"]]] == ["mobile"]
    second = ak.post_action({"page": import_page["name"], "id": first["user_id"], "last_name": "Ter"})
    assert second["created_user"] is False and second["user_id"] == first["user_id"]
    assert ak.get_action(second["action_id"])["user"] == f"/rest/v1/user/{first['user_id']}/"


def test_post_action_unknown_page_is_400_with_page_message(ak):
    with pytest.raises(ValidationError) as caught:
        ak.post_action({"page": "no-such-page", "email": "a@example.org"})
    error = caught.value
    assert error.status == 400
    assert error.body == {"page": "Unable to find a page for processing. You sent page=no-such-page."}
    assert error.errors == {"page": ["Unable to find a page for processing. You sent page=no-such-page."]}
    assert "Unable to find a page" in str(error)


def test_post_action_field_errors(ak, import_page):
    with pytest.raises(ValidationError) as bad_zip:
        ak.post_action({"page": import_page["name"], "email": "zip@example.org", "zip": "ABCDE"})
    assert "ZIP Code" in bad_zip.value.errors["zip"][0]
    with pytest.raises(ValidationError) as unknown_field:
        ak.post_action({"page": import_page["name"], "email": "f@example.org", "user_shoe_size": "9"})
    assert "shoe_size" in unknown_field.value.errors


def test_usergroups_and_members(ak):
    groups = list(ak.iter_usergroups())
    assert groups and all(set(g) >= {"id", "name", "resource_uri", "created_at", "updated_at"} for g in groups)
    users = list(ak.iter_users(order_by="id"))
    for group in groups:
        expected = {u["id"] for u in users if any(g["resource_uri"] == group["resource_uri"] for g in u["groups"])}
        assert set(ak.iter_usergroup_member_ids(group["id"])) == expected
    assert any(set(ak.iter_usergroup_member_ids(g["id"])) for g in groups)


def test_allowed_userfields(ak):
    names = ak.list_allowed_userfields()
    assert "sms_opt_in" in names
    assert ak.create_allowed_userfield("kitbridge_notes") == "kitbridge_notes"
    assert "kitbridge_notes" in ak.list_allowed_userfields()
    with pytest.raises(ValidationError) as caught:
        ak.create_allowed_userfield("kitbridge_notes")
    assert "name" in caught.value.errors
    user_id = ak.get_user_by_email(list(ak.iter_users())[0]["email"])["id"]
    ak.update_user(user_id, {"fields": {"kitbridge_notes": "hello"}})
    assert ak.get_user(user_id)["fields"]["kitbridge_notes"] == "hello"
