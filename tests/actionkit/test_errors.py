"""Error typing and the folding of every ActionKit error body shape (12.7)."""
import json

import pytest
import requests

from webapp.actionkit import (ActionKitError, AuthError, Conflict, NotFound, RateLimited, ServerError,
                              ValidationError)
from webapp.actionkit.errors import ALL, error_for_response, id_from_location, normalize_errors


def fake_response(status, body=None, headers=None, url="https://act.example.org/rest/v1/user/"):
    """A requests.Response as ActionKit would send it (JSON body, text, or empty)."""
    response = requests.Response()
    response.status_code = status
    response.url = url
    response.headers.update(headers or {})
    if isinstance(body, (dict, list)):
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
    else:
        response._content = (body or "").encode()
        response.headers.setdefault("Content-Type", "text/html; charset=utf-8")
    return response


@pytest.mark.parametrize("body, expected", [
    ({"errors": {"zip": ["Bad ZIP."], "email": "Missing."}}, {"zip": ["Bad ZIP."], "email": ["Missing."]}),
    ({"errors": ["one", "two"]}, {ALL: ["one", "two"]}),
    ({"petitionpage": {"name": ["Enter a valid 'slug'."]}}, {"name": ["Enter a valid 'slug'."]}),
    ({"page": "Unable to find a page for processing. You sent page=x."},
     {"page": ["Unable to find a page for processing. You sent page=x."]}),
    ({"error": "The 'foo' field does not allow filtering."}, {ALL: ["The 'foo' field does not allow filtering."]}),
    ("Service Unavailable", {ALL: ["Service Unavailable"]}),
    ("<html><body>Oops</body></html>", {}),
    (None, {}),
    (["plain", "list"], {ALL: ["plain", "list"]}),
])
def test_normalize_errors_folds_every_shape(body, expected):
    assert normalize_errors(body) == expected


@pytest.mark.parametrize("status, cls", [(400, ValidationError), (401, AuthError), (404, NotFound), (409, Conflict),
                                         (429, RateLimited), (500, ServerError), (503, ServerError),
                                         (403, ActionKitError), (405, ActionKitError)])
def test_status_maps_to_typed_error(status, cls):
    error = error_for_response(fake_response(status), "GET")
    assert type(error) is cls
    assert isinstance(error, ActionKitError)
    assert error.status == status


def test_auth_error_message_is_clear_and_body_empty():
    error = error_for_response(fake_response(401, headers={"WWW-Authenticate": 'Basic Realm="django-tastypie"'}),
                               "GET")
    assert str(error).startswith("ActionKit rejected the username or password (401) on GET /rest/v1/user/")
    assert error.body is None and error.errors == {}


def test_validation_error_carries_parsed_body_and_readable_str():
    body = {"errors": {"zip": ["There seems to be a problem with what you entered for ZIP Code."]}}
    error = error_for_response(fake_response(400, body), "POST")
    assert error.body == body
    assert error.errors == {"zip": ["There seems to be a problem with what you entered for ZIP Code."]}
    assert "zip: There seems to be a problem" in str(error)
    assert "POST /rest/v1/user/" in str(error)


def test_conflict_parses_existing_id_from_absolute_location():
    body = {"errors": {"email": ["Conflict on unique key 'email' for value 'a@b.org'"]}}
    error = error_for_response(fake_response(409, body, {"Location": "https://act.example.org/rest/v1/user/4242/"}),
                               "POST")
    assert isinstance(error, Conflict)
    assert error.existing_id == 4242
    assert error.errors["email"] == ["Conflict on unique key 'email' for value 'a@b.org'"]


@pytest.mark.parametrize("location, expected", [
    ("https://act.example.org/rest/v1/user/12/", 12), ("/rest/v1/importpage/3/", 3),
    ("https://h/rest/v1/alloweduserfield/color/", "color"), (None, None), ("", None),
])
def test_id_from_location(location, expected):
    assert id_from_location(location) == expected


def test_server_error_keeps_actionkit_message():
    body = {"error": "Sorry, this request could not be processed. Please try again later."}
    error = error_for_response(fake_response(500, body), "GET")
    assert isinstance(error, ServerError)
    assert "Please try again later." in str(error)
