"""Property tests for resolve_field: no blank erases, one-way is one-way, no ping-pong."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.rules.fields import resolve_field
from webapp.rules.options import SyncOption
from webapp.rules.values import clean

VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "\t", "Ann", " Ann ", "Bob", "bob", "Old"]),
    st.text(max_size=6),
)
BASES = st.one_of(st.none(), VALUES.map(clean))
TIMES = st.one_of(st.none(), st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2020, 1, 3)))
OPTIONS = st.sampled_from(list(SyncOption))


@settings(max_examples=400)
@given(OPTIONS, VALUES, VALUES, BASES, TIMES, TIMES)
def test_a_blank_never_erases(option, member, ak, base, member_at, ak_at):
    decision = resolve_field(option, member, ak, base, member_at, ak_at)
    for written in (decision.to_member, decision.to_actionkit):
        assert written is None or clean(written) != ""
    if clean(member):
        assert decision.to_member is None or clean(decision.to_member) != ""
    if clean(ak):
        assert decision.to_actionkit is None or clean(decision.to_actionkit) != ""


@settings(max_examples=400)
@given(OPTIONS, VALUES, VALUES, BASES, TIMES, TIMES)
def test_writes_carry_the_other_sides_value_to_one_side(option, member, ak, base, member_at, ak_at):
    decision = resolve_field(option, member, ak, base, member_at, ak_at)
    assert decision.to_member is None or decision.to_actionkit is None
    if decision.to_member is not None:
        assert decision.to_member == clean(ak) != clean(member)
    if decision.to_actionkit is not None:
        assert decision.to_actionkit == clean(member) != clean(ak)


@given(VALUES, VALUES, BASES, TIMES, TIMES)
def test_one_way_never_writes_the_protected_side(member, ak, base, member_at, ak_at):
    to_ak = resolve_field(SyncOption.ONE_WAY_TO_ACTIONKIT, member, ak, base, member_at, ak_at)
    to_member = resolve_field(SyncOption.ONE_WAY_TO_MEMBER, member, ak, base, member_at, ak_at)
    assert to_ak.to_member is None
    assert to_member.to_actionkit is None


@given(VALUES, VALUES, BASES)
def test_populate_only_fills_blanks(member, ak, base):
    decision = resolve_field(SyncOption.POPULATE, member, ak, base)
    if decision.to_member is not None:
        assert clean(member) == ""
    if decision.to_actionkit is not None:
        assert clean(ak) == ""


@settings(max_examples=500)
@given(OPTIONS, VALUES, VALUES, BASES, TIMES, TIMES)
def test_a_second_sync_without_changes_writes_nothing(option, member, ak, base, member_at, ak_at):
    first = resolve_field(option, member, ak, base, member_at, ak_at)
    member = first.to_member if first.to_member is not None else member
    ak = first.to_actionkit if first.to_actionkit is not None else ak
    second = resolve_field(option, member, ak, first.new_base, member_at, ak_at)
    assert not second.writes, (first, second)
    assert second.new_base == first.new_base


@given(OPTIONS, VALUES, VALUES, BASES, TIMES, TIMES)
def test_after_a_write_both_sides_agree_and_base_is_the_value(option, member, ak, base, member_at, ak_at):
    decision = resolve_field(option, member, ak, base, member_at, ak_at)
    if decision.writes:
        member = decision.to_member if decision.to_member is not None else clean(member)
        ak = decision.to_actionkit if decision.to_actionkit is not None else clean(ak)
        assert member == ak == decision.new_base
