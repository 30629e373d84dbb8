"""Sync options, their labels and legal choices per field; blank-aware values."""

import pytest

from webapp.rules.options import (
    CORE_FIELDS,
    DEFAULT_OPTIONS,
    EMAIL_OPTIONS,
    SyncOption,
    allowed_options,
    check_option,
    parse_option,
)
from webapp.rules.values import clean, same

LABELS = [
    ("one_way_to_actionkit", "One-way, overwrite ActionKit"),
    ("one_way_to_member", "One-way, overwrite member list"),
    ("populate", "Populate, no overwrite"),
    ("populate_overwrite_actionkit", "Populate, overwrite ActionKit"),
    ("populate_overwrite_member", "Populate, overwrite member"),
    ("two_way", "Two-way, overwrite both"),
]


@pytest.mark.parametrize("name, label", LABELS)
def test_names_and_labels(name, label):
    option = SyncOption(name)
    assert option.label == label
    assert option == name and str(option) == name
    assert parse_option(name) is option
    assert parse_option(f"  {name.upper()} ") is option
    assert parse_option(label) is option
    assert parse_option(label.lower()) is option
    assert parse_option(option) is option


@pytest.mark.parametrize("text", ["", None, "two way", "overwrite", "populate_all"])
def test_parse_option_rejects_unknown_text_and_lists_choices(text):
    with pytest.raises(ValueError, match="unknown sync option .*expected one of: one_way_to_actionkit"):
        parse_option(text)


def test_core_fields_and_defaults():
    assert dict(CORE_FIELDS) == {f: f for f in ("first_name", "last_name", "email", "city", "state", "zip")}
    assert set(DEFAULT_OPTIONS) == set(CORE_FIELDS)
    assert set(DEFAULT_OPTIONS.values()) == {SyncOption.POPULATE}


@pytest.mark.parametrize(
    "field, expected",
    [
        ("email", (SyncOption.POPULATE, SyncOption.ONE_WAY_TO_MEMBER)),
        ("phone", ()),
        ("first_name", tuple(SyncOption)),
        ("zip", tuple(SyncOption)),
        ("custom:team", tuple(SyncOption)),
    ],
)
def test_allowed_options(field, expected):
    assert allowed_options(field) == expected


def test_email_options():
    assert EMAIL_OPTIONS == (SyncOption.POPULATE, SyncOption.ONE_WAY_TO_MEMBER)
    assert check_option("email", "populate") is SyncOption.POPULATE
    for option in set(SyncOption) - set(EMAIL_OPTIONS):
        with pytest.raises(ValueError, match="not allowed for email"):
            check_option("email", option)


def test_phone_never_syncs():
    with pytest.raises(ValueError, match="never synced"):
        check_option("phone", "populate")


@pytest.mark.parametrize(
    "value, cleaned",
    [(None, ""), ("", ""), ("  ", ""), ("\t a b \n", "a b"), (12, "12"), (0, "0"), (False, "False")],
)
def test_clean(value, cleaned):
    assert clean(value) == cleaned


def test_same_compares_after_trimming():
    assert same(None, "  ") and same(" a", "a ")
    assert not same("a", "A")
