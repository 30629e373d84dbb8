"""Generic action processing, POST /rest/v1/action/ (6.3, 15.5, 15.6)."""
import re

import pytest
import requests

MICRO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$")


@pytest.fixture
def ak(fresh):
    """An empty sandbox with an import page, a petition page and the sms_opt_in field."""
    assert fresh.post("/rest/v1/importpage/", {"name": "kb-import"}).status_code == 201
    assert fresh.post("/rest/v1/petitionpage/", {"name": "kb-petition"}).status_code == 201
    assert fresh.post("/rest/v1/alloweduserfield/", {"name": "sms_opt_in"}).status_code == 201
    return fresh


def test_new_user_full_body_and_typed_location(ak):
    resp = ak.post("/rest/v1/action/", {"page": "kb-import", "email": "New@Example.com", "first_name": "Nia",
                                        "zip": "98101", "user_sms_opt_in": "yes", "action_strive_member": "42",
                                        "ignored": "ignore me"})
    assert resp.status_code == 201
    assert resp.headers["Content-Type"] == "application/json"
    body = resp.json()
    assert resp.headers["Location"] == f"{ak.base}/rest/v1/importaction/{body['id']}/"
    assert body["resource_uri"] == f"/rest/v1/importaction/{body['id']}/"
    assert (body["type"], body["created_user"], body["status"], body["source"]) == ("Import", True, "complete", "restful_api")
    assert body["fields"] == {"strive_member": "42"}
    assert MICRO.match(body["created_at"]) and MICRO.match(body["updated_at"])
    assert body["redirect_url"] == f"/cms/thanks/kb-import/?action_id={body['id']}&akid={body['akid']}&ar=1&rd=1"
    user = ak.get(body["user"]).json()
    assert (user["email"], user["first_name"], user["city"], user["state"]) == ("New@Example.com", "Nia", "Seattle", "WA")
    assert user["fields"] == {"sms_opt_in": "yes"} and user["token"] == body["akid"]
    assert MICRO.match(user["created_at"])
    assert ak.get(body["resource_uri"]).json()["id"] == body["id"]
    assert ak.get(f"/rest/v1/action/{body['id']}/").json()["resource_uri"] == body["resource_uri"]
    assert ak.get(f"/rest/v1/petitionaction/{body['id']}/").status_code == 404


def test_existing_user_by_email_id_and_akid(ak):
    first = ak.post("/rest/v1/action/", {"page": "kb-import", "email": "same@example.com"}).json()
    user_uri, user_id = first["user"], int(first["user"].split("/")[-2])
    by_email = ak.post("/rest/v1/action/", {"page": "kb-petition", "email": "SAME@example.com",
                                            "last_name": "Lee"}).json()
    by_id = ak.post("/rest/v1/action/", {"page": "kb-import", "id": user_id, "city": "Reno"}).json()
    by_akid = ak.post("/rest/v1/action/", {"page": "kb-import", "akid": first["akid"]}).json()
    for body in (by_email, by_id, by_akid):
        assert body["user"] == user_uri and body["created_user"] is False
    assert by_email["type"] == "Petition" and by_email["resource_uri"].startswith("/rest/v1/petitionaction/")
    assert by_email["subscribed_user"] is True
    user = ak.get(user_uri).json()
    assert (user["last_name"], user["city"], user["subscription_status"]) == ("Lee", "Reno", "subscribed")
    assert ak.get("/rest/v1/user/").json()["meta"]["total_count"] == 1
    assert ak.get(f"/rest/v1/action/?user={user_id}").json()["meta"]["total_count"] == 4


def test_unknown_page_error_is_not_wrapped(ak):
    resp = ak.post("/rest/v1/action/", {"page": "no-such-page", "email": "x@example.com"})
    assert resp.status_code == 400
    assert resp.json() == {"page": "Unable to find a page for processing. You sent page=no-such-page."}


def test_processing_errors_are_wrapped_in_errors(ak):
    unknown_field = ak.post("/rest/v1/action/", {"page": "kb-import", "email": "u@example.com", "user_nope": "1"})
    assert unknown_field.status_code == 400 and list(unknown_field.json()["errors"]) == ["nope"]
    bad_zip = ak.post("/rest/v1/action/", {"page": "kb-import", "email": "u@example.com", "zip": "12"})
    assert bad_zip.status_code == 400 and list(bad_zip.json()["errors"]) == ["zip"]
    no_user = ak.post("/rest/v1/action/", {"page": "kb-import"})
    assert no_user.status_code == 400 and list(no_user.json()["errors"]) == ["email"]
    assert ak.get("/rest/v1/user/").json()["meta"]["total_count"] == 0


def test_typed_phones_add_or_update(ak):
    body = ak.post("/rest/v1/action/", {"page": "kb-import", "email": "ph@example.com", "mobile_phone": "(415) 555-0101",
                                        "phone": "415.555.0102"}).json()
    user_id = body["user"].split("/")[-2]
    phones = {p["type"]: p["normalized_phone"] for p in ak.get(f"/rest/v1/phone/?user={user_id}").json()["objects"]}
    assert phones == {"mobile": "4155550101", "home": "4155550102"}
    ak.post("/rest/v1/action/", {"page": "kb-import", "id": user_id, "mobile_phone": "+1 415 555 0199",
                                 "work_phone": "4155550103"})
    listed = ak.get(f"/rest/v1/phone/?user={user_id}").json()["objects"]
    assert {p["type"]: p["normalized_phone"] for p in listed} == {"mobile": "4155550199", "home": "4155550102",
                                                                 "work": "4155550103"}
    assert len(listed) == 3


def test_form_encoded_action(ak):
    resp = requests.post(ak.url("/rest/v1/action/"), auth=ak.session.auth, timeout=5,
                         data={"page": "kb-petition", "email": "form@example.com", "action_comment": "hi"})
    assert resp.status_code == 201 and resp.json()["fields"] == {"comment": "hi"}


def test_unauthenticated_action_gets_reduced_body(ak):
    resp = requests.post(ak.url("/rest/v1/action/"), json={"page": "kb-petition", "email": "anon@example.com"},
                         timeout=5)
    assert resp.status_code == 201
    body = resp.json()
    assert set(body) == {"action_id", "akid", "rd", "redirect_url"}
    assert body["redirect_url"] == f"/cms/thanks/kb-petition/?action_id={body['action_id']}&akid={body['akid']}&rd=1"
    assert resp.headers["Location"] == f"{ak.base}/rest/v1/petitionaction/{body['action_id']}/"
    assert requests.get(resp.headers["Location"], timeout=5).status_code == 401
    user_id = int(body["akid"].split(".")[1])
    assert ak.get(f"/rest/v1/user/{user_id}/").json()["email"] == "anon@example.com"


def test_action_patch_merges_fields_and_lists_typed(ak):
    body = ak.post("/rest/v1/action/", {"page": "kb-petition", "email": "pa@example.com", "action_a": "1"}).json()
    assert ak.patch(body["resource_uri"], {"fields": {"b": "2"}}).status_code == 202
    assert ak.get(body["resource_uri"]).json()["fields"] == {"a": "1", "b": "2"}
    listed = ak.get("/rest/v1/action/").json()["objects"]
    assert [a["resource_uri"] for a in listed] == [body["resource_uri"]]
    assert ak.get("/rest/v1/petitionaction/?page__name=kb-petition").json()["meta"]["total_count"] == 1
