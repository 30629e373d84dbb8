"""Phones (15.4), zip fill (15.7), fields merge (15.5), usergroups and ?groups= (15.1)."""
import time


def new_user(api, **body):
    """POST a user and return its relative URI."""
    resp = api.post("/rest/v1/user/", body)
    assert resp.status_code == 201, resp.text
    return resp.headers["Location"][len(api.base):]


def test_phone_normalisation_and_type_or_phone_type(fresh):
    user = new_user(fresh, email="phones@example.com")
    cases = [("(212) 555-0123", "type", "mobile", "2125550123"), ("+1 212 555 0124", "phone_type", "work",
             "2125550124"), ("1-212-555-0125", "type", "home", "2125550125"), ("555-0123", "type", "home", "5550123")]
    for raw, key, kind, normalized in cases:
        resp = fresh.post("/rest/v1/phone/", {"user": user, "phone": raw, key: kind})
        assert resp.status_code == 201 and resp.text == ""
        phone = fresh.get(resp.headers["Location"]).json()
        assert (phone["phone"], phone["type"], phone["normalized_phone"]) == (raw, kind, normalized)
        assert phone["user"] == user and "phone_type" not in phone
    listed = fresh.get(f"/rest/v1/phone/?user={user.split('/')[-2]}").json()["objects"]
    assert [p["resource_uri"] for p in listed] == fresh.get(user).json()["phones"]


def test_phone_patch_and_bad_type(fresh):
    user = new_user(fresh, email="p2@example.com")
    location = fresh.post("/rest/v1/phone/", {"user": user, "phone": "2125550100", "type": "home"}).headers["Location"]
    assert fresh.patch(location, {"phone": "212.555.0199", "phone_type": "mobile"}).status_code == 202
    phone = fresh.get(location).json()
    assert (phone["normalized_phone"], phone["type"]) == ("2125550199", "mobile")
    bad = fresh.post("/rest/v1/phone/", {"user": user, "phone": "2125550100", "type": "fax"})
    assert bad.status_code == 400 and "type" in bad.json()["phone"]


def test_zip_fills_city_and_state(fresh):
    user = fresh.get(new_user(fresh, email="zip@example.com", zip="19130")).json()
    assert (user["city"], user["state"], user["zip"]) == ("Philadelphia", "PA", "19130")
    kept = fresh.get(new_user(fresh, email="zip2@example.com", zip="19130", city="Philly", state="PA")).json()
    assert kept["city"] == "Philly"
    uri = new_user(fresh, email="zip3@example.com")
    fresh.patch(uri, {"zip": "60601"})
    assert (fresh.get(uri).json()["city"], fresh.get(uri).json()["state"]) == ("Chicago", "IL")


def test_fields_patch_merges_and_unknown_name_is_400(fresh):
    for name in ("color", "food"):
        assert fresh.post("/rest/v1/alloweduserfield/", {"name": name}).status_code == 201
    uri = new_user(fresh, email="fields@example.com", fields={"color": "blue"})
    assert fresh.patch(uri, {"fields": {"food": "soup"}}).status_code == 202
    assert fresh.get(uri).json()["fields"] == {"color": "blue", "food": "soup"}
    fresh.patch(uri, {"fields": {"color": "red"}})
    assert fresh.get(uri).json()["fields"] == {"color": "red", "food": "soup"}
    bad = fresh.patch(uri, {"fields": {"unregistered": "x"}})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["unregistered"]
    assert fresh.get(uri).json()["fields"] == {"color": "red", "food": "soup"}


def test_invalid_and_missing_email_are_tastypie_errors(fresh):
    assert fresh.post("/rest/v1/user/", {"first_name": "x"}).json() == {"user": {"email": ["This field is required."]}}
    assert fresh.post("/rest/v1/user/", {"email": "nope"}).json() == {"user": {"email": ["Enter a valid email address."]}}


def test_usergroup_create_and_membership(fresh):
    resp = fresh.post("/rest/v1/usergroup/", {"name": "Canvassers"})
    assert resp.status_code == 201 and resp.text == ""
    group_uri = resp.headers["Location"][len(fresh.base):]
    group_id = group_uri.split("/")[-2]
    a, b = new_user(fresh, email="a@example.com"), new_user(fresh, email="b@example.com")
    before = fresh.get(a).json()["updated_at"]
    time.sleep(1.05)
    assert fresh.patch(a, {"groups": [group_uri]}).status_code == 202
    user_a = fresh.get(a).json()
    assert user_a["groups"] == [{"name": "Canvassers", "resource_uri": group_uri}]
    assert user_a["updated_at"] > before
    members = fresh.get(f"/rest/v1/user/?groups={group_id}").json()["objects"]
    assert [u["resource_uri"] for u in members] == [a]
    assert fresh.get(b).json()["groups"] == []


def test_control_membership_bumps_joiners_and_leavers(fresh):
    group_id = fresh.post("/rest/v1/usergroup/", {"name": "G"}).headers["Location"].split("/")[-2]
    a, b = new_user(fresh, email="ca@example.com"), new_user(fresh, email="cb@example.com")
    ids = [int(a.split("/")[-2]), int(b.split("/")[-2])]
    assert fresh.put(f"/_sandbox/usergroups/{group_id}/members", {"user_ids": [ids[0]]}).json()["user_ids"] == [ids[0]]
    stamp_b = fresh.get(b).json()["updated_at"]
    time.sleep(1.05)
    fresh.put(f"/_sandbox/usergroups/{group_id}/members", {"user_ids": [ids[1]]})
    assert fresh.get(a).json()["groups"] == [] and fresh.get(b).json()["updated_at"] > stamp_b
    listed = fresh.get(f"/rest/v1/user/?groups={group_id}&updated_at__gt={stamp_b}").json()["objects"]
    assert [u["id"] for u in listed] == [ids[1]]
    assert fresh.put("/_sandbox/usergroups/999/members", {"user_ids": []}).status_code == 404


def test_seeded_group_members_match_store(api, sandbox):
    group_id = 1
    expected = sandbox.store.group_member_ids(group_id)
    listed = [u["id"] for u in api.objects(f"/rest/v1/user/?groups={group_id}&_limit=100")]
    assert listed == expected and len(expected) > 0
    user = api.get(f"/rest/v1/user/{expected[0]}/").json()
    assert {"name": "Volunteers", "resource_uri": "/rest/v1/usergroup/1/"} in user["groups"]


def test_page_crud_and_shared_short_names(fresh):
    resp = fresh.post("/rest/v1/importpage/", {"name": "my-import", "title": "My import"})
    assert resp.status_code == 201 and resp.text == ""
    location = resp.headers["Location"]
    assert location.startswith(f"{fresh.base}/rest/v1/importpage/")
    page = fresh.get(location).json()
    assert (page["type"], page["name"], page["title"]) == ("Import", "my-import", "My import")
    dup = fresh.post("/rest/v1/petitionpage/", {"name": "my-import"})
    assert dup.json() == {"petitionpage": {"name": [
        "A page with this short name already exists (it may be a hidden page)."]}}
    assert fresh.patch(location, {"title": "Renamed"}).status_code == 202
    assert fresh.get(location).json()["title"] == "Renamed"
    generic = fresh.get(f"/rest/v1/page/{page['id']}/").json()
    assert generic["resource_uri"] == page["resource_uri"]
    assert fresh.delete(location).status_code == 204
    assert fresh.get(location).status_code == 404
