"""Odd ids and query values answer 400/404 with a clear message, never 500 (SQLite and PostgreSQL)."""
import base64
import json

import pytest

from tests.security.sweep import ODD_VALUES, get_routes_failing, post_routes_failing


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_get_route_answers_500_to_odd_values(app, auth_client, value):
    assert get_routes_failing(app, auth_client, value) == []


@pytest.mark.parametrize("url", ["/members/99999999999999999999999", "/members/2147483648",
                                 "/groups/99999999999999999999999/members", "/members/%C2%B2",
                                 "/actionkit/users/99999999999999999999999"])
def test_huge_or_non_ascii_ids_are_not_found(auth_client, url):
    assert auth_client.get(url).status_code == 404


@pytest.mark.parametrize("url,name", [("/members/?q=Ev%00il", "q"), ("/members/export.csv?q=a%00", "q"),
                                      ("/groups/?sort=name%00", "sort"), ("/members/?after=x%01", "after"),
                                      ("/actionkit/users?q=%00", "q"), ("/login?next=/%00", "next")])
def test_control_characters_in_the_query_string_are_a_clear_400(auth_client, url, name):
    response = auth_client.get(url)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "control character" in body and f"“{name}”" in body


@pytest.mark.parametrize("group", ["²", "1.5", "abc", str(2**70)])
def test_a_malformed_group_filter_is_ignored_on_the_list_and_a_clear_400_on_export(auth_client, group):
    listed = auth_client.get("/members/", query_string={"group": group})
    assert listed.status_code == 200 and "That filter was ignored." in listed.get_data(as_text=True)
    response = auth_client.get("/members/export.csv", query_string={"group": group})
    assert response.status_code == 400
    assert "group filter must be a whole number id" in response.get_data(as_text=True)


def _cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [_cursor(["Ev\u0000il", "Ada", 1]), _cursor(["a", "b", 2**70]),
                                    _cursor([None, None, -(2**64)]),
                                    base64.urlsafe_b64encode(b"[" * 5000).decode()])
def test_tampered_cursors_fall_back_to_the_first_page(auth_client, make_member, cursor):
    make_member(first_name="Ada", last_name="Lovelace")
    for name in ("after", "before"):
        response = auth_client.get("/members/", query_string={name: cursor})
        assert response.status_code == 200 and "Lovelace" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_post_route_answers_500_to_odd_form_values(app, auth_client, make_group, make_member, make_field, value):
    group, member, field = make_group("Volunteers"), make_member(), make_field("Shirt size")
    ids = {str(group.id), str(member.id), str(field.id)}
    assert post_routes_failing(app, auth_client, value, ids) == []
