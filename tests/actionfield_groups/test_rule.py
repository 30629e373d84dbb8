"""The actionfield rule: field present with a non-blank value, and the value matched as case-insensitive "contains"."""
import pytest

from webapp.rules.actionfields import action_matches, field_names


@pytest.mark.parametrize("fields, name, value, expected", [
    ({"volunteer": "yes"}, "volunteer", None, True),
    ({"volunteer": "yes"}, "volunteer", "", True),
    ({"volunteer": "   "}, "volunteer", None, False),
    ({"volunteer": None}, "volunteer", None, False),
    ({"shift": "Saturday morning"}, "volunteer", None, False),
    ({"shift": "Saturday MORNING"}, "shift", "morning", True),
    ({"shift": "Saturday morning"}, "shift", "  Sat ", True),
    ({"shift": "Saturday morning"}, "shift", "evening", False),
    ({"shift": ["Sunday", "Saturday evening"]}, "shift", "EVENING", True),
    ({"count": 3}, "count", "3", True),
    ({}, "shift", None, False),
    (None, "shift", None, False),
    ("not an object", "shift", None, False),
    ({"Shift": "x"}, "shift", None, False),
])
def test_action_matches(fields, name, value, expected):
    assert action_matches(fields, name, value) is expected


def test_field_names_are_the_keys_of_the_fields_object():
    assert field_names({"volunteer": "yes", "shift": ""}) == ["volunteer", "shift"]
    assert field_names(["volunteer"]) == []
