"""Eligibility of scanned users and the lowest-id rule for shared phones."""

import pytest

from webapp.rules.eligibility import (
    STATUS_DUPLICATE_PHONE,
    STATUS_ELIGIBLE,
    STATUS_ERROR,
    STATUS_INVALID_PHONE,
    STATUS_LABELS,
    STATUS_NO_OPT_IN,
    STATUS_NO_PHONE,
    STATUS_SYNCED,
    evaluate_user,
    opt_in_raw_value,
    claim_phone,
)
from webapp.rules.optin import OptIn

MOBILE = [{"id": 1, "type": "mobile", "phone": "202-456-1111"}]


def user(opt_in="yes", field="sms_opt_in"):
    return {"id": 7, "email": "a@example.org", "fields": {field: opt_in} if opt_in is not None else {}}


ROWS = [
    ("eligible", user("yes"), MOBILE, STATUS_ELIGIBLE, OptIn.TRUE, "+12024561111"),
    ("eligible with opt-out", user("No"), MOBILE, STATUS_ELIGIBLE, OptIn.FALSE, "+12024561111"),
    ("unknown opt-in is non-empty", user("TBD"), MOBILE, STATUS_ELIGIBLE, OptIn.UNKNOWN, "+12024561111"),
    ("empty opt-in", user("  "), MOBILE, STATUS_NO_OPT_IN, OptIn.MISSING, "+12024561111"),
    ("opt-in field absent", user(None), MOBILE, STATUS_NO_OPT_IN, OptIn.MISSING, "+12024561111"),
    ("no phone", user("yes"), [], STATUS_NO_PHONE, OptIn.TRUE, None),
    ("phone of other type", user("yes"), [{"id": 1, "type": "fax", "phone": "202-456-1111"}],
     STATUS_NO_PHONE, OptIn.TRUE, None),
    ("invalid phone", user("yes"), [{"id": 1, "type": "home", "phone": "555-555-5555"}],
     STATUS_INVALID_PHONE, OptIn.TRUE, None),
    ("phone checked before opt-in", user(""), [], STATUS_NO_PHONE, OptIn.MISSING, None),
]


@pytest.mark.parametrize("ak_user, phones, status, opt_in, e164", [pytest.param(*r[1:], id=r[0]) for r in ROWS])
def test_evaluate_user(ak_user, phones, status, opt_in, e164):
    result = evaluate_user(ak_user, phones, "sms_opt_in", ["mobile", "work", "home"])
    assert (result.status, result.opt_in, result.phone.e164) == (status, opt_in, e164)
    assert result.eligible == (status == STATUS_ELIGIBLE)
    assert result.reason.endswith(".")


def test_reasons_are_readable():
    no_phone = evaluate_user(user(), [], "sms_opt_in", ["mobile", "work"])
    assert no_phone.reason == "No phone of the chosen types (mobile, work)."
    bad = evaluate_user(user(), [{"type": "home", "phone": "12345"}], "sms_opt_in", ["home"])
    assert bad.reason == "The home phone '12345' is not a valid phone number."
    empty = evaluate_user(user(""), MOBILE, "sms_opt_in", ["mobile"])
    assert empty.reason == "The opt-in field 'sms_opt_in' is empty."


def test_opt_in_raw_is_kept_trimmed_and_lists_joined():
    assert evaluate_user(user(" Yes "), MOBILE, "sms_opt_in").opt_in_raw == "Yes"
    assert opt_in_raw_value({"fields": {"o": ["yes", ""]}}, "o") == "yes"
    assert opt_in_raw_value({"fields": None}, "o") == ""
    assert opt_in_raw_value({}, "o") == ""


def test_status_labels_cover_every_status():
    statuses = {STATUS_SYNCED, STATUS_NO_PHONE, STATUS_INVALID_PHONE, STATUS_NO_OPT_IN,
                STATUS_DUPLICATE_PHONE, STATUS_ERROR, STATUS_ELIGIBLE}
    assert set(STATUS_LABELS) == statuses
    assert STATUS_LABELS[STATUS_NO_OPT_IN] == "No opt-in value"
    assert STATUS_LABELS[STATUS_DUPLICATE_PHONE] == "Duplicate phone"


@pytest.mark.parametrize(
    "ak_id, holders, owner, displaced",
    [
        (5, [3], 3, ()),            # a lower id already holds it: duplicate
        (3, [5, 9], None, (5, 9)),  # the lower id arrives later: it takes the phone, the others are displaced
        (3, [], None, ()),
        (3, [3], None, ()),         # its own row is no rival
        (10, ["9", 12], 9, ()),     # numeric order
    ],
)
def test_the_lowest_id_owns_a_phone_whatever_the_arrival_order(ak_id, holders, owner, displaced):
    claim = claim_phone(ak_id, holders)
    assert (claim.owner, claim.displaced, claim.duplicate) == (owner, displaced, owner is not None)
