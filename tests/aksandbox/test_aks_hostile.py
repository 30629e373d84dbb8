"""Fault modes (fault_mode / fault_host / window_seconds): the hostile answers the client must refuse."""
import json

import pytest

from tests.aksandbox.helpers import Api, start

OTHER = "http://127.0.0.1:7"


@pytest.fixture
def hostile(api):
    """The module sandbox with a fault mode set by the test, always switched off afterwards."""
    def set_mode(mode, **extra):
        response = api.patch("/_sandbox/config", dict({"fault_mode": mode, "fault_host": OTHER}, **extra))
        assert response.status_code == 200, response.text
        return api
    yield set_mode
    api.patch("/_sandbox/config", {"fault_mode": "", "fault_host": ""})


def test_html_and_truncated_and_non_object_answers(hostile):
    api = hostile("html")
    page = api.get("/rest/v1/user/?_limit=5")
    assert page.status_code == 200 and page.text.lstrip().startswith("<!doctype html>")
    api = hostile("truncated_json")
    with pytest.raises(ValueError):
        json.loads(api.get("/rest/v1/user/?_limit=5").text)
    api = hostile("not_an_object")
    assert isinstance(api.get("/rest/v1/user/?_limit=5").json(), list)
    api = hostile("objects_not_list")
    assert isinstance(api.get("/rest/v1/user/?_limit=5").json()["objects"], dict)


def test_redirect_points_at_the_other_host(hostile):
    response = hostile("redirect").get("/rest/v1/user/?_limit=5")
    assert response.status_code == 302
    assert response.headers["Location"] == OTHER + "/rest/v1/user/?_limit=5"


def test_next_links_on_another_host_and_in_a_loop(hostile):
    body = hostile("next_other_host").get("/rest/v1/user/?_limit=100").json()
    assert body["meta"]["next"].startswith(OTHER + "/rest/v1/user/?")
    body = hostile("next_loop").get("/rest/v1/user/?_limit=100&_offset=0").json()
    assert body["meta"]["next"] == "/rest/v1/user/?_limit=100&_offset=0"
    assert hostile("next_loop").get("/rest/v1/user/?_limit=100&_offset=100").json()["meta"]["next"] is None


def test_malformed_phones_and_users(hostile):
    phones = hostile("malformed_phones").get("/rest/v1/phone/?_limit=5").json()["objects"]
    assert phones and all("user" not in p and p["phone"] for p in phones)
    users = hostile("malformed_phones").get("/rest/v1/user/?_limit=5").json()["objects"]
    assert all("id" in u for u in users)  # only phones are damaged
    phones = hostile("phones_without_number").get("/rest/v1/phone/?_limit=5").json()["objects"]
    assert phones and all(p["phone"] is None and p["user"] for p in phones)
    assert "id" not in hostile("users_without_id").get("/rest/v1/user/1/").json()


def test_always_429_spares_control_endpoints(hostile):
    api = hostile("always_429")
    assert api.get("/rest/v1/user/1/").status_code == 429
    assert api.get("/_sandbox/config").json()["fault_mode"] == "always_429"


def test_bad_fault_settings_are_a_400(api):
    assert api.patch("/_sandbox/config", {"fault_mode": "explode"}).status_code == 400
    assert api.patch("/_sandbox/config", {"window_seconds": 0}).status_code == 400
    assert api.get("/_sandbox/config").json()["fault_mode"] == ""


def test_window_seconds_shortens_the_record_window():
    with start(users=5, seed=3, records_per_minute=2, window_seconds=1) as handle:
        api = Api(handle)
        assert [api.get("/rest/v1/user/1/").status_code for _ in range(3)] == [200, 200, 429]
        handle.state.budget.clock = lambda real=handle.state.budget.clock: real() + 1.5  # the window passes
        assert api.get("/rest/v1/user/1/").status_code == 200
