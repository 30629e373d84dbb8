"""Status codes, empty bodies, Location headers, auth challenge, slash redirects (2, 12.1-12.7)."""
import requests

from tests.aksandbox.helpers import USERNAME

EMPTY = "text/html; charset=utf-8"


def test_missing_credentials_get_tastypie_challenge(api):
    resp = requests.get(api.url("/rest/v1/user/"), timeout=5)
    assert resp.status_code == 401
    assert resp.text == ""
    assert resp.headers["WWW-Authenticate"] == 'Basic Realm="django-tastypie"'


def test_bad_credentials_are_401_everywhere(api):
    for method, path in (("GET", "/rest/v1/user/1/"), ("POST", "/rest/v1/action/"), ("GET", "/_sandbox/stats")):
        resp = requests.request(method, api.url(path), auth=(USERNAME, "wrong"), json={}, timeout=5)
        assert resp.status_code == 401, path
        assert resp.text == ""


def test_get_without_slash_redirects_to_absolute_url_keeping_query(api):
    resp = api.get("/rest/v1/user?_limit=5&email=a%40b.org")
    assert resp.status_code == 301
    assert resp.headers["Location"] == f"{api.base}/rest/v1/user/?_limit=5&email=a%40b.org"
    assert resp.text == ""


def test_write_without_slash_redirects_too(api):
    resp = api.post("/rest/v1/user", {"email": "noslash@example.com"})
    assert resp.status_code == 301
    assert resp.headers["Location"] == f"{api.base}/rest/v1/user/"
    assert api.get("/rest/v1/user/?email=noslash@example.com").json()["meta"]["total_count"] == 0


def test_create_is_201_empty_with_absolute_location(api):
    resp = api.post("/rest/v1/user/", {"email": "create201@example.com", "first_name": "Cree"})
    assert resp.status_code == 201
    assert resp.text == ""
    assert resp.headers["Content-Type"] == EMPTY
    location = resp.headers["Location"]
    assert location.startswith(f"{api.base}/rest/v1/user/") and location.endswith("/")
    user = api.get(location).json()
    assert user["email"] == "create201@example.com" and user["first_name"] == "Cree"
    assert user["resource_uri"] == location[len(api.base):]


def test_patch_202_put_204_delete_204_all_empty(api):
    location = api.post("/rest/v1/user/", {"email": "verbs@example.com"}).headers["Location"]
    patched = api.patch(location, {"last_name": "Patched"})
    assert (patched.status_code, patched.text) == (202, "")
    put = api.put(location, {"first_name": "Put"})
    assert (put.status_code, put.text) == (204, "")
    user = api.get(location).json()
    assert (user["first_name"], user["last_name"]) == ("Put", "Patched")
    deleted = api.delete(location)
    assert (deleted.status_code, deleted.text) == (204, "")
    assert api.get(location).status_code == 404


def test_unknown_ids_are_empty_404s(api):
    for method in ("GET", "PATCH", "PUT", "DELETE"):
        resp = api.request(method, "/rest/v1/user/999999/", json={"first_name": "x"})
        assert resp.status_code == 404, method
        assert resp.text == ""
        assert resp.headers["Content-Type"] == EMPTY
    assert api.get("/rest/v1/petitionpage/1/").status_code == 404  # page 1 is the import page
    assert api.get("/rest/v1/nosuchresource/").status_code == 404


def test_duplicate_email_is_409_with_location_of_owner(api):
    owner = api.get("/rest/v1/user/3/").json()
    expected = {"errors": {"email": [f"Conflict on unique key 'email' for value '{owner['email']}'"]}}
    post = api.post("/rest/v1/user/", {"email": owner["email"]})
    assert post.status_code == 409
    assert post.json() == expected
    assert post.headers["Location"] == f"{api.base}/rest/v1/user/3/"
    for method in ("PATCH", "PUT"):
        resp = api.request(method, "/rest/v1/user/4/", json={"email": owner["email"]})
        assert resp.status_code == 409, method
        assert resp.json() == expected
        assert resp.headers["Location"] == f"{api.base}/rest/v1/user/3/"
    assert api.get("/rest/v1/user/4/").json()["email"] != owner["email"]


def test_tastypie_error_shape_for_page_validation(api):
    bad = api.post("/rest/v1/petitionpage/", {"name": "bad name!", "title": "x"})
    assert bad.status_code == 400
    assert bad.json() == {"petitionpage": {"name": [
        "Enter a valid 'slug' consisting of letters, numbers, underscores or hyphens."]}}
    dup = api.post("/rest/v1/signuppage/", {"name": "save-the-library"})
    assert dup.json() == {"signuppage": {"name": [
        "A page with this short name already exists (it may be a hidden page)."]}}
    missing = api.post("/rest/v1/importpage/", {"title": "no name"})
    assert missing.json() == {"importpage": {"name": ["This field is required."]}}


def test_server_error_shape_for_bad_json_and_bad_filters(api):
    resp = api.request("POST", "/rest/v1/user/", data="{not json", headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert list(resp.json()) == ["error"]


def test_method_not_allowed_is_405(api):
    assert api.post("/rest/v1/page/", {"name": "x"}).status_code == 405
    assert api.patch("/rest/v1/page/2/", {"title": "x"}).status_code == 405
    assert api.post("/rest/v1/petitionaction/", {"page": "clean-air-now"}).status_code == 405


def test_root_discovery_lists_every_resource(api):
    body = api.get("/rest/v1/").json()
    for name in ("user", "phone", "alloweduserfield", "usergroup", "page", "importpage", "signuppage",
                 "petitionpage", "action", "importaction", "signupaction", "petitionaction"):
        assert body[name] == {"list_endpoint": f"/rest/v1/{name}/", "schema": f"/rest/v1/{name}/schema/"}


def test_schema_describes_fields_filters_ordering_methods(api):
    user = api.get("/rest/v1/user/schema/").json()
    assert {"email", "fields", "phones", "groups", "updated_at"} <= set(user["fields"])
    assert user["default_limit"] == 20
    assert set(user["filtering"]["updated_at"]) == {"gte", "gt", "lte", "lt"}
    assert set(user["filtering"]["email"]) == {"exact", "iexact"}
    assert user["ordering"] == ["id", "created_at", "updated_at"]
    assert user["allowed_list_http_methods"] == ["get", "post"]
    assert user["allowed_detail_http_methods"] == ["get", "put", "patch", "delete"]
    assert api.get("/rest/v1/page/schema/").json()["allowed_list_http_methods"] == ["get"]
    assert "post" in api.get("/rest/v1/action/schema/").json()["allowed_list_http_methods"]


def test_timestamps_are_naive_utc_seconds(api):
    user = api.get("/rest/v1/user/1/").json()
    for key in ("created_at", "updated_at"):
        assert len(user[key]) == 19 and user[key][10] == "T" and not user[key].endswith("Z")


def test_alloweduserfield_is_keyed_by_name(api):
    resp = api.post("/rest/v1/alloweduserfield/", {"name": "shoe_size"})
    assert resp.status_code == 201
    assert resp.headers["Location"] == f"{api.base}/rest/v1/alloweduserfield/shoe_size/"
    body = api.get("/rest/v1/alloweduserfield/shoe_size/").json()
    assert body["resource_uri"] == "/rest/v1/alloweduserfield/shoe_size/" and body["name"] == "shoe_size"
    listed = api.get("/rest/v1/alloweduserfield/?name=sms_opt_in&_limit=0").json()
    assert listed["meta"]["total_count"] == 1 and listed["meta"]["limit"] == 100
    assert api.get("/rest/v1/alloweduserfield/nope/").status_code == 404


def test_rest_answers_set_a_sid_cookie(api):
    resp = api.get("/rest/v1/user/1/")
    assert "sid=" in resp.headers["Set-Cookie"] and "HttpOnly" in resp.headers["Set-Cookie"]


def test_store_helpers_seed_data_visible_through_the_api(api, sandbox):
    user_id = sandbox.store.create_user({"email": "helper@example.com", "fields": {"pronouns": "they/them"}})
    group_id = sandbox.store.create_group({"name": "Helpers"}, "2026-01-02T00:00:00")
    sandbox.store.set_group_members(group_id, [user_id])
    user = api.get(f"/rest/v1/user/{user_id}/").json()
    assert user["fields"] == {"pronouns": "they/them"}
    assert user["groups"] == [{"name": "Helpers", "resource_uri": f"/rest/v1/usergroup/{group_id}/"}]
