"""Reading notices as hints: which ids a body names, and which bodies are refused with a reason."""
import json

import pytest

from webapp.rules.webhook_notice import MAX_IDS_PER_NOTICE, UnreadableNotice, action_ids_in, parse_notice


@pytest.mark.parametrize("payload, ids", [
    ({"action_id": "12", "page": "p", "user_id": "3"}, [12]),  # aksandbox's form fields
    ({"Action_ID": 12}, [12]),
    ({"action": "https://ak.example.org/rest/v1/signupaction/77/"}, [77]),
    ({"action": {"resource_uri": "/rest/v1/action/78/"}}, [78]),
    ({"data": {"id": 79}}, [79]),
    ({"id": True}, []), ({"id": -4}, []), ({"id": 0}, []), ({"id": 2**31}, []), ({"id": 1.5}, []),
    ({"id": "12abc"}, []), ({"id": "١٢"}, []), ({"action": "/rest/v1/user/5/"}, []),
    ({"action": {"action": {"id": 5}}}, []),  # only one level deep
    ([5, "6", {"action_id": 6}, None], [5, 6]),
    ("nothing", []), (None, []),
])
def test_ids_named_by_a_payload(payload, ids):
    assert action_ids_in(payload) == ids


def test_a_list_names_at_most_100_actions():
    assert len(action_ids_in([{"id": n} for n in range(1, 500)])) == MAX_IDS_PER_NOTICE


@pytest.mark.parametrize("body, content_type, ids", [
    (b"action_id=5&page=p&user_id=1&akid=.1.x&created_at=2026-01-01T00%3A00%3A00", "application/x-www-form-urlencoded",
     [5]),
    (b'{"action_id": 6}', "application/json; charset=utf-8", [6]),
    (b'{"action_id": 7}', "", [7]), (b"action_id=8", "", [8]), (b"", "application/json", []), (b"", "", []),
    (b'{"id": 9}', "application/vnd.actionkit+json", [9]),
])
def test_bodies_read_as_json_or_form(body, content_type, ids):
    assert parse_notice(body, content_type) == ids


@pytest.mark.parametrize("body, content_type, reason", [
    (b"\xff\xfe", "application/json", "not UTF-8"),
    (b"[" * 100_000, "application/json", "not valid JSON"),
    (b'{"id": ' + b"9" * 5000 + b"}", "application/json", "not valid JSON"),
    (b"a=1&" * 1001, "application/x-www-form-urlencoded", "not a valid form"),
    (b"plain words", "text/plain", "not a valid form"),
    (b"--x\r\n", "multipart/form-data; boundary=x", "not multipart/form-data"),
])
def test_unreadable_bodies_are_refused_with_a_reason(body, content_type, reason):
    with pytest.raises(UnreadableNotice, match=reason):
        parse_notice(body, content_type)


def test_other_fields_of_a_json_body_are_ignored():
    body = json.dumps({"action_id": 5, "user": {"phone": "+12125550100"}, "fields": {"x": "y" * 1000}}).encode()
    assert parse_notice(body, "application/json") == [5]
