"""Table tests for resolve_field: every option x every value situation (DESIGN §4)."""

from datetime import datetime, timedelta

import pytest

from webapp.rules.fields import FieldDecision, resolve_field
from webapp.rules.options import SyncOption as O

EARLY = datetime(2024, 1, 1, 12, 0)
LATE = EARLY + timedelta(hours=1)

# (situation, member value, ActionKit value)
SITUATIONS = {
    "both blank": ("", None),
    "member blank": ("  ", "Bob"),
    "ak blank": ("Ann", ""),
    "equal": ("Ann", " Ann "),
    "different": ("Ann", "Bob"),
}

# option -> situation -> (to_member, to_actionkit); base does not matter for these options.
ONE_SIDED = {
    O.ONE_WAY_TO_ACTIONKIT: {
        "both blank": (None, None), "member blank": (None, None), "ak blank": (None, "Ann"),
        "equal": (None, None), "different": (None, "Ann"),
    },
    O.ONE_WAY_TO_MEMBER: {
        "both blank": (None, None), "member blank": ("Bob", None), "ak blank": (None, None),
        "equal": (None, None), "different": ("Bob", None),
    },
    O.POPULATE: {
        "both blank": (None, None), "member blank": ("Bob", None), "ak blank": (None, "Ann"),
        "equal": (None, None), "different": (None, None),
    },
    O.POPULATE_OVERWRITE_ACTIONKIT: {
        "both blank": (None, None), "member blank": ("Bob", None), "ak blank": (None, "Ann"),
        "equal": (None, None), "different": (None, "Ann"),
    },
    O.POPULATE_OVERWRITE_MEMBER: {
        "both blank": (None, None), "member blank": ("Bob", None), "ak blank": (None, "Ann"),
        "equal": (None, None), "different": ("Bob", None),
    },
}

ONE_SIDED_ROWS = [
    pytest.param(option, situation, base, expected, id=f"{option.value}-{situation}-base={base}")
    for option, table in ONE_SIDED.items()
    for situation, expected in table.items()
    for base in (None, "", "Ann", "Bob", "Old")
]


@pytest.mark.parametrize("option, situation, base, expected", ONE_SIDED_ROWS)
def test_one_sided_options(option, situation, base, expected):
    member, ak = SITUATIONS[situation]
    for times in ((None, None), (EARLY, LATE), (LATE, EARLY)):
        decision = resolve_field(option, member, ak, base, *times)
        assert (decision.to_member, decision.to_actionkit) == expected
        written = decision.to_member or decision.to_actionkit
        if written:
            assert decision.new_base == written
        elif situation == "equal":
            assert decision.new_base == "Ann"
        elif situation != "both blank":
            assert decision.new_base == base


# Two-way: (member, ak, base, member_changed_at, ak_changed_at) -> (to_member, to_actionkit, new_base, rule part)
TWO_WAY_ROWS = [
    ("equal, no base", "Ann", "Ann ", None, None, None, (None, None, "Ann", "equal")),
    ("equal, old base", "Ann", "Ann", "Old", EARLY, LATE, (None, None, "Ann", "equal")),
    ("both blank", "", None, None, None, None, (None, None, "", "equal")),
    ("no base, member newer", "Ann", "Bob", None, LATE, EARLY, (None, "Ann", "Ann", "no base, member newer")),
    ("no base, ak newer", "Ann", "Bob", None, EARLY, LATE, ("Bob", None, "Bob", "no base, actionkit newer")),
    ("no base, tie", "Ann", "Bob", None, EARLY, EARLY, (None, "Ann", "Ann", "member newer")),
    ("no base, unknown times", "Ann", "Bob", None, None, None, (None, "Ann", "Ann", "member newer")),
    ("no base, only ak time", "Ann", "Bob", None, None, LATE, (None, "Ann", "Ann", "member newer")),
    ("no base, member blank fills", "", "Bob", None, LATE, EARLY, ("Bob", None, "Bob", "fill blank member")),
    ("no base, ak blank fills", "Ann", "", None, EARLY, LATE, (None, "Ann", "Ann", "fill blank actionkit")),
    ("only member changed, ak newer", "Ann", "Old", "Old", EARLY, LATE, (None, "Ann", "Ann", "only member changed")),
    ("only member changed, no times", "Ann", "Old", "Old", None, None, (None, "Ann", "Ann", "only member changed")),
    ("only ak changed, member newer", "Old", "Bob", "Old", LATE, EARLY, ("Bob", None, "Bob", "only actionkit changed")),
    ("only ak changed, no times", "Old", "Bob", "Old", None, None, ("Bob", None, "Bob", "only actionkit changed")),
    ("both changed, member newer", "Ann", "Bob", "Old", LATE, EARLY, (None, "Ann", "Ann", "both changed, member newer")),
    ("both changed, ak newer", "Ann", "Bob", "Old", EARLY, LATE, ("Bob", None, "Bob", "both changed, actionkit newer")),
    ("both changed, tie", "Ann", "Bob", "Old", EARLY, EARLY, (None, "Ann", "Ann", "member newer")),
    ("both changed, unknown", "Ann", "Bob", "Old", None, None, (None, "Ann", "Ann", "member newer")),
    ("member cleared", "", "Old", "Old", LATE, EARLY, (None, None, "Old", "blank never erases")),
    ("ak cleared", "Old", "", "Old", EARLY, LATE, (None, None, "Old", "blank never erases")),
    ("member cleared, ak changed, ak newer", "", "Bob", "Old", EARLY, LATE, ("Bob", None, "Bob", "actionkit newer")),
    ("member cleared, ak changed, member newer", "", "Bob", "Old", LATE, EARLY, (None, None, "Old", "blank never erases")),
    ("blank base, member set", "Ann", "", "", EARLY, LATE, (None, "Ann", "Ann", "only member changed")),
    ("blank base, ak set", "", "Bob", "", LATE, EARLY, ("Bob", None, "Bob", "only actionkit changed")),
]


@pytest.mark.parametrize(
    "member, ak, base, member_at, ak_at, expected",
    [pytest.param(*row[1:], id=row[0]) for row in TWO_WAY_ROWS],
)
def test_two_way(member, ak, base, member_at, ak_at, expected):
    decision = resolve_field(O.TWO_WAY, member, ak, base, member_at, ak_at)
    to_member, to_actionkit, new_base, rule_part = expected
    assert (decision.to_member, decision.to_actionkit, decision.new_base) == (to_member, to_actionkit, new_base)
    assert rule_part in decision.rule


def test_option_accepts_machine_name_string():
    assert resolve_field("populate", "", "Bob") == FieldDecision("Bob", None, "Bob", "populate: member blank")


def test_rules_explain_the_decision():
    assert resolve_field(O.POPULATE, "Ann", "Bob").rule == "populate: both set, no overwrite"
    assert resolve_field(O.ONE_WAY_TO_ACTIONKIT, "", "Bob").rule == "one-way to actionkit: member blank"
    assert resolve_field(O.ONE_WAY_TO_MEMBER, "Ann", "Ann").rule == "equal"


def test_values_are_trimmed_before_writing():
    assert resolve_field(O.ONE_WAY_TO_MEMBER, "Ann", "  Bob  ").to_member == "Bob"
    assert resolve_field(O.ONE_WAY_TO_ACTIONKIT, "  Ann ", "Bob").to_actionkit == "Ann"


def test_comparison_is_case_sensitive_after_trimming():
    assert resolve_field(O.ONE_WAY_TO_MEMBER, "ann", "Ann").to_member == "Ann"


def test_unknown_option_is_rejected():
    with pytest.raises(ValueError):
        resolve_field("sometimes", "Ann", "Bob")


def test_writes_property():
    assert resolve_field(O.POPULATE, "", "Bob").writes
    assert not resolve_field(O.POPULATE, "Ann", "Bob").writes
