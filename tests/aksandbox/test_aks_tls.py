"""The sandbox over https: verified TLS with a throwaway certificate, https Location headers, no stalls."""
import socket
from urllib.parse import urljoin

import pytest
import requests

from tests.aksandbox.certs import make_pair
from tests.aksandbox.helpers import Api, start


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A self-signed certificate for localhost and 127.0.0.1, made for this module."""
    return make_pair(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_api(pair):
    """A seeded https sandbox and a plain-requests helper that trusts only the throwaway certificate."""
    handle = start(users=30, seed=3, tls_cert=pair.cert, tls_key=pair.key)
    api = Api(handle)
    api.session.trust_env = False  # else a REQUESTS_CA_BUNDLE in the environment beats session.verify
    api.session.verify = pair.cert
    yield api
    handle.stop()


def test_handle_reports_https_base_url(https_api):
    assert https_api.handle.base_url == f"https://127.0.0.1:{https_api.handle.port}"
    assert https_api.handle.scheme == "https"


def test_lists_users_over_verified_https(https_api):
    body = https_api.get("/rest/v1/user/?_limit=10").json()
    assert body["meta"]["total_count"] == https_api.handle.store.counts()["users"]
    assert len(body["objects"]) == 10
    second = https_api.get(urljoin(https_api.base + "/rest/v1/user/", body["meta"]["next"]))
    assert second.status_code == 200 and len(second.json()["objects"]) == 10


def test_created_user_location_carries_https(https_api):
    response = https_api.post("/rest/v1/user/", {"email": "tls-new@example.org", "first_name": "Tee"})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith(f"https://127.0.0.1:{https_api.handle.port}/rest/v1/user/")
    assert https_api.get(location).json()["first_name"] == "Tee"


def test_duplicate_and_slash_redirect_locations_carry_https(https_api):
    https_api.post("/rest/v1/user/", {"email": "tls-dup@example.org"})
    conflict = https_api.post("/rest/v1/user/", {"email": "tls-dup@example.org"})
    assert conflict.status_code == 409 and conflict.headers["Location"].startswith("https://")
    redirect = https_api.get("/rest/v1/user?_limit=1")
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == https_api.base + "/rest/v1/user/?_limit=1"


def test_action_and_page_locations_carry_https(https_api):
    created = https_api.post("/rest/v1/petitionpage/", {"name": "tls-petition", "title": "TLS petition"})
    assert created.status_code == 201 and created.headers["Location"].startswith("https://")
    action = https_api.post("/rest/v1/action/", {"page": "tls-petition", "email": "tls-act@example.org"})
    assert action.status_code == 201, action.text
    assert action.headers["Location"].startswith(https_api.base + "/rest/v1/")


def test_unverified_and_wrong_name_clients_are_refused(https_api, tmp_path):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(https_api.handle.url("/rest/v1/user/"), auth=https_api.handle.auth, timeout=10)
    other = make_pair(tmp_path, names=("elsewhere.example",), addresses=())
    with start(tls_cert=other.cert, tls_key=other.key) as handle:
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(handle.url("/rest/v1/user/"), auth=handle.auth, verify=other.cert, timeout=10)


def test_a_silent_connection_does_not_stall_other_clients(pair):
    handle = start(tls_cert=pair.cert, tls_key=pair.key)
    silent = socket.create_connection(("127.0.0.1", handle.port))
    try:
        response = requests.get(handle.url("/rest/v1/user/"), auth=handle.auth, verify=pair.cert, timeout=5)
        assert response.status_code == 200
    finally:
        silent.close()
        handle.stop()


def test_plain_http_is_unchanged():
    with start() as handle:
        assert handle.base_url.startswith("http://") and handle.scheme == "http"
        response = requests.post(handle.url("/rest/v1/user/"), auth=handle.auth, json={"email": "p@example.org"},
                                 timeout=10, allow_redirects=False)
        assert response.status_code == 201 and response.headers["Location"].startswith(handle.base_url + "/")
