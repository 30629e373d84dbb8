"""Phone normalization and the deterministic choice of a user's phone."""

import pytest

from webapp.rules.phones import PHONE_INVALID, PHONE_NONE, PHONE_OK, choose_phone, normalize_phone

WHITE_HOUSE = "+12024561111"
MIT = "+16172531000"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("202-456-1111", WHITE_HOUSE),
        ("(202) 456-1111", WHITE_HOUSE),
        ("2024561111", WHITE_HOUSE),
        ("+1 202 456 1111", WHITE_HOUSE),
        ("1-202-456-1111", WHITE_HOUSE),
        ("202.456.1111", WHITE_HOUSE),
        ("  202 456 1111 ", WHITE_HOUSE),
        ("+44 20 7946 0958", "+442079460958"),
        ("555-555-5555", None),  # parses, but 555 is not a valid area code
        ("12345", None),
        ("abc", None),
        ("", None),
        (None, None),
        ("202-456-111", None),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


def test_normalize_phone_uses_region_for_national_numbers():
    assert normalize_phone("020 7946 0958", region="GB") == "+442079460958"
    assert normalize_phone("020 7946 0958") is None


def phone(type_, number, id_=None):
    return {"type": type_, "phone": number, "id": id_}


ORDER = ["mobile", "work", "home"]

CHOICE_ROWS = [
    ("first type wins", [phone("home", "202-456-1111", 1), phone("mobile", "617-253-1000", 2)], ORDER,
     (PHONE_OK, MIT, "mobile")),
    ("order is the chosen order", [phone("home", "202-456-1111", 1), phone("mobile", "617-253-1000", 2)],
     ["home", "mobile"], (PHONE_OK, WHITE_HOUSE, "home")),
    ("same type: lowest id", [phone("mobile", "617-253-1000", 10), phone("mobile", "202-456-1111", 9)], ORDER,
     (PHONE_OK, WHITE_HOUSE, "mobile")),
    ("same type: string ids compare as numbers", [phone("mobile", "617-253-1000", "10"),
                                                  phone("mobile", "202-456-1111", "9")], ORDER,
     (PHONE_OK, WHITE_HOUSE, "mobile")),
    ("invalid first, valid later of same type", [phone("mobile", "555-555-5555", 1),
                                                 phone("mobile", "202-456-1111", 2)], ORDER,
     (PHONE_OK, WHITE_HOUSE, "mobile")),
    ("invalid mobile, valid work", [phone("mobile", "12345", 1), phone("work", "617-253-1000", 2)], ORDER,
     (PHONE_OK, MIT, "work")),
    ("only other types", [phone("fax", "202-456-1111", 1), phone("home", "617-253-1000", 2)], ["mobile"],
     (PHONE_NONE, None, None)),
    ("no phones", [], ORDER, (PHONE_NONE, None, None)),
    ("blank numbers do not count", [phone("mobile", "  ", 1)], ORDER, (PHONE_NONE, None, None)),
    ("only invalid", [phone("mobile", "555-555-5555", 1), phone("home", "abc", 2)], ORDER,
     (PHONE_INVALID, None, "mobile")),
    ("invalid of chosen type, valid of other type", [phone("mobile", "12345", 1), phone("fax", "202-456-1111", 2)],
     ["mobile"], (PHONE_INVALID, None, "mobile")),
    ("type names are case-insensitive", [phone("Mobile ", "202 456 1111", 1)], ["MOBILE"],
     (PHONE_OK, WHITE_HOUSE, "mobile")),
]


@pytest.mark.parametrize("phones, types, expected", [pytest.param(*r[1:], id=r[0]) for r in CHOICE_ROWS])
def test_choose_phone(phones, types, expected):
    choice = choose_phone(phones, types)
    assert (choice.status, choice.e164, choice.type) == expected
    assert choice.ok == (expected[0] == PHONE_OK)


def test_choice_keeps_raw_and_id():
    choice = choose_phone([phone("work", " (617) 253-1000 ", 42)], ORDER)
    assert (choice.raw, choice.phone_id) == ("(617) 253-1000", 42)
    invalid = choose_phone([phone("work", "555-555-5555", 7)], ORDER)
    assert (invalid.raw, invalid.phone_id) == ("555-555-5555", 7)


def test_choice_does_not_depend_on_list_order():
    phones = [phone("mobile", "617-253-1000", 5), phone("home", "202-456-1111", 1), phone("mobile", "202-456-1111", 3)]
    choices = {choose_phone(list(p), ORDER) for p in (phones, phones[::-1], phones[1:] + phones[:1])}
    assert choices == {choose_phone(phones, ORDER)}
    assert choose_phone(phones, ORDER).phone_id == 3


def test_default_types_are_mobile_work_home():
    assert choose_phone([phone("home", "202-456-1111"), phone("work", "617-253-1000")]).e164 == MIT
