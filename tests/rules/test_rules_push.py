"""The action payload that pushes member changes to ActionKit."""

import json

import pytest

from webapp.rules.mapping import FieldMap
from webapp.rules.push import build_push_action

MAPPINGS = [
    FieldMap("first_name", "first_name"),
    FieldMap("zip", "zip"),
    FieldMap("custom:team", "team", is_userfield=True, option="two_way"),
]


def test_existing_user_payload():
    payload = build_push_action(
        "kitbridge_import", {"first_name": " Ann ", "team": "Blue"}, MAPPINGS,
        member_id=12, ak_user_id=345, former={"team": "Red", "first_name": "Anne"},
    )
    assert payload == {
        "page": "kitbridge_import",
        "id": "345",
        "first_name": "Ann",
        "user_team": "Blue",
        "action_strive_member": "12",
        "action_former_data": '{"first_name": "Anne", "team": "Red"}',
    }


def test_existing_user_without_former_sends_empty_json():
    payload = build_push_action("imp", {"zip": "10001"}, MAPPINGS, member_id=1, ak_user_id=2)
    assert json.loads(payload["action_former_data"]) == {}


def test_new_user_payload_has_email_phone_and_opt_in_but_no_former_data():
    payload = build_push_action(
        "imp", {"first_name": "Ann"}, MAPPINGS, member_id=12, email="ann@example.org",
        phone="+12024561111", opt_in_field="sms_opt_in", opt_in_value=True, former={"x": "y"},
    )
    assert payload == {
        "page": "imp",
        "email": "ann@example.org",
        "first_name": "Ann",
        "mobile_phone": "+12024561111",
        "user_sms_opt_in": "true",
        "action_strive_member": "12",
    }


@pytest.mark.parametrize("value, expected", [(False, "false"), ("no", "false"), ("Yes", "true"), (True, "true")])
def test_opt_in_is_written_as_true_or_false(value, expected):
    payload = build_push_action("imp", {}, MAPPINGS, member_id=1, ak_user_id=2,
                                opt_in_field="sms_opt_in", opt_in_value=value)
    assert payload["user_sms_opt_in"] == expected


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"member_id": 1}, "user id or, for a new user, an email"),
        ({"member_id": 1, "email": "  "}, "user id or, for a new user, an email"),
        ({"member_id": 1, "ak_user_id": 2, "phone": "+12024561111"}, "phone is only sent when creating"),
        ({"member_id": 1, "ak_user_id": 2, "opt_in_field": "o", "opt_in_value": "TBD"}, "neither true nor false"),
    ],
)
def test_invalid_pushes_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_push_action("imp", {}, MAPPINGS, **kwargs)


def test_unmapped_non_core_field_is_rejected():
    with pytest.raises(ValueError, match="neither a core ActionKit field nor a mapped userfield"):
        build_push_action("imp", {"shoe_size": "9"}, MAPPINGS, member_id=1, ak_user_id=2)


def test_page_is_required():
    with pytest.raises(ValueError, match="import page"):
        build_push_action(" ", {}, MAPPINGS, member_id=1, ak_user_id=2)
