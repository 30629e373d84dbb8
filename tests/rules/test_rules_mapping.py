"""FieldMap, reading AK user JSON, and the values a newly created record starts with."""

import pytest

from webapp.rules.mapping import FieldMap, ak_values_from_user, initial_values_for_member, initial_values_for_user
from webapp.rules.options import SyncOption

MAPPINGS = [
    FieldMap("first_name", "first_name", option=SyncOption.ONE_WAY_TO_ACTIONKIT),
    FieldMap("email", "email", option="populate"),
    FieldMap("zip", "zip"),
    FieldMap("state", "state", option="Two-way, overwrite both"),
    FieldMap("custom:team", "team", is_userfield=True, option="one_way_to_member"),
    FieldMap("custom:skills", "skills", is_userfield=True),
]

AK_USER = {
    "id": 9, "first_name": " Ann ", "email": "ann@example.org", "zip": "10001-1234", "state": "CA",
    "fields": {"team": "Blue", "skills": ["phone banking", " ", "canvass"], "sms_opt_in": "yes"},
}


def test_fieldmap_parses_option_names_and_labels():
    assert MAPPINGS[1].option is SyncOption.POPULATE
    assert MAPPINGS[3].option is SyncOption.TWO_WAY
    with pytest.raises(ValueError):
        FieldMap("city", "city", option="whatever")


def test_fieldmap_is_frozen_and_hashable():
    with pytest.raises(AttributeError):
        MAPPINGS[0].option = SyncOption.POPULATE
    assert len({MAPPINGS[0], FieldMap("first_name", "first_name", False, "one_way_to_actionkit")}) == 1


def test_ak_values_from_user():
    assert ak_values_from_user(AK_USER, MAPPINGS) == {
        "first_name": "Ann", "email": "ann@example.org", "zip": "10001-1234", "state": "CA",
        "team": "Blue", "skills": "phone banking, canvass",
    }


def test_ak_values_from_user_without_fields():
    values = ak_values_from_user({"id": 1, "first_name": None}, MAPPINGS)
    assert set(values.values()) == {""}


def test_new_member_gets_every_mapped_value_whatever_the_option():
    values = initial_values_for_member(MAPPINGS, ak_values_from_user(AK_USER, MAPPINGS))
    assert values == {
        "first_name": "Ann", "email": "ann@example.org", "zip": "10001", "state": "NY",
        "custom:team": "Blue", "custom:skills": "phone banking, canvass",
    }


def test_new_member_skips_blanks_and_invalid_zips():
    values = initial_values_for_member(MAPPINGS, {"first_name": " ", "zip": "1234", "state": "CA"})
    assert values == {"state": "CA"}


def test_new_user_gets_every_mapped_member_value():
    member = {"first_name": "Ann", "email": "", "zip": "02139-4307", "state": "MA", "custom:team": "Red"}
    assert initial_values_for_user(MAPPINGS, member) == {
        "first_name": "Ann", "zip": "02139", "state": "MA", "team": "Red",
    }
