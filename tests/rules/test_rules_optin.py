"""Opt-in parsing, formatting and resolution (DESIGN §4 "Opt-in")."""

from datetime import datetime, timedelta

import pytest

from webapp.rules.optin import OptIn, format_opt_in, parse_opt_in, resolve_opt_in

TRUE = ["t", "true", "1", "y", "yes", "opt in", "opt-in"]
FALSE = ["f", "false", "0", "n", "no", "opt out", "opt-out"]


def variants(spelling):
    """The spelling as typed, upper, title-cased and padded with whitespace."""
    return [spelling, spelling.upper(), spelling.title(), f"  {spelling}\t", f"\n{spelling.upper()} "]


@pytest.mark.parametrize("raw", [v for s in TRUE for v in variants(s)])
def test_true_spellings(raw):
    assert parse_opt_in(raw) is OptIn.TRUE


@pytest.mark.parametrize("raw", [v for s in FALSE for v in variants(s)])
def test_false_spellings(raw):
    assert parse_opt_in(raw) is OptIn.FALSE


@pytest.mark.parametrize("raw", ["TBD", "tbd", "maybe", "2", "-1", "yes please", "optin", "opt  in", "10", "on", "x"])
def test_anything_else_is_unknown(raw):
    assert parse_opt_in(raw) is OptIn.UNKNOWN


@pytest.mark.parametrize("raw", ["", "   ", "\t\n", None, []])
def test_empty_is_missing(raw):
    assert parse_opt_in(raw) is OptIn.MISSING


def test_bools_and_lists():
    assert parse_opt_in(True) is OptIn.TRUE
    assert parse_opt_in(False) is OptIn.FALSE
    assert parse_opt_in(["Yes"]) is OptIn.TRUE
    assert parse_opt_in(1) is OptIn.TRUE
    assert parse_opt_in(0) is OptIn.FALSE


def test_format_and_as_bool():
    assert (format_opt_in(True), format_opt_in(False)) == ("true", "false")
    assert [o.as_bool() for o in OptIn] == [True, False, None, None]


EARLY = datetime(2024, 5, 1, 9, 0)
LATE = EARLY + timedelta(minutes=5)

# (id, member_subscribed, ak_raw, first_link, base, member_at, ak_at) -> (subscribed, to_member, to_actionkit, new_base)
RESOLVE_ROWS = [
    ("new member, yes", None, "yes", False, None, None, None, (True, True, None, True)),
    ("new member, no", None, "No", False, None, None, None, (False, False, None, False)),
    ("new member, unknown -> unsubscribed, written back", None, "TBD", False, None, None, None, (False, False, "false", False)),
    ("new member, missing -> unsubscribed, written back", None, "", False, None, None, None, (False, False, "false", False)),
    ("unknown never overwrites subscribed", True, "TBD", False, True, EARLY, LATE, (True, None, None, True)),
    ("unknown never overwrites unsubscribed", False, "maybe", False, None, EARLY, LATE, (False, None, None, None)),
    ("missing never overwrites", True, None, False, True, EARLY, LATE, (True, None, None, True)),
    ("first link, unknown: member written back", True, "TBD", True, None, EARLY, LATE, (True, None, "true", True)),
    ("first link, differ: member wins", False, "yes", True, None, EARLY, LATE, (False, None, "false", False)),
    ("first link, differ: member wins (subscribed)", True, "no", True, None, EARLY, LATE, (True, None, "true", True)),
    ("first link, equal", True, "Y", True, None, None, None, (True, None, None, True)),
    ("equal establishes base", False, "opt-out", False, None, None, None, (False, None, None, False)),
    ("ak changed since base", True, "no", False, True, LATE, EARLY, (False, False, None, False)),
    ("member changed since base", False, "yes", False, True, EARLY, LATE, (False, None, "false", False)),
    ("no base, ak newer", True, "false", False, None, EARLY, LATE, (False, False, None, False)),
    ("no base, member newer", True, "false", False, None, LATE, EARLY, (True, None, "true", True)),
    ("no base, tie: member", True, "false", False, None, EARLY, EARLY, (True, None, "true", True)),
    ("no base, unknown times: member", False, "true", False, None, None, None, (False, None, "false", False)),
]


@pytest.mark.parametrize(
    "member, raw, first_link, base, member_at, ak_at, expected",
    [pytest.param(*row[1:], id=row[0]) for row in RESOLVE_ROWS],
)
def test_resolve_opt_in(member, raw, first_link, base, member_at, ak_at, expected):
    decision = resolve_opt_in(member, raw, first_link, base, member_at, ak_at)
    got = (decision.subscribed, decision.to_member, decision.to_actionkit, decision.new_base)
    assert got == expected
    assert decision.rule


@pytest.mark.parametrize("row", RESOLVE_ROWS, ids=[r[0] for r in RESOLVE_ROWS])
def test_resolving_again_after_applying_writes_nothing(row):
    _, member, raw, first_link, base, member_at, ak_at, _ = row
    first = resolve_opt_in(member, raw, first_link, base, member_at, ak_at)
    ak_raw = first.to_actionkit if first.to_actionkit is not None else raw
    second = resolve_opt_in(first.subscribed, ak_raw, False, first.new_base, member_at, ak_at)
    assert not second.writes
    assert second.subscribed == first.subscribed


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

RAWS = st.one_of(st.none(), st.sampled_from(TRUE + FALSE + ["TBD", "", " maybe "]), st.text(max_size=5))
TIMES = st.one_of(st.none(), st.datetimes(min_value=EARLY, max_value=EARLY + timedelta(days=1)))


@given(st.booleans(), RAWS, st.booleans(), st.one_of(st.none(), st.booleans()), TIMES, TIMES)
def test_unknown_never_overwrites_an_existing_member(member, raw, first_link, base, member_at, ak_at):
    decision = resolve_opt_in(member, raw, first_link, base, member_at, ak_at)
    if parse_opt_in(raw).as_bool() is None:
        assert decision.subscribed == member and decision.to_member is None
    if first_link:
        assert decision.subscribed == member
    assert decision.to_actionkit in (None, "true", "false")


@given(st.one_of(st.none(), st.booleans()), RAWS, st.booleans(), st.one_of(st.none(), st.booleans()), TIMES, TIMES)
def test_opt_in_second_resolve_writes_nothing(member, raw, first_link, base, member_at, ak_at):
    first = resolve_opt_in(member, raw, first_link, base, member_at, ak_at)
    ak_raw = first.to_actionkit if first.to_actionkit is not None else raw
    second = resolve_opt_in(first.subscribed, ak_raw, False, first.new_base, member_at, ak_at)
    assert not second.writes
    assert second.subscribed == first.subscribed
