"""Property tests for plan_user_sync: no blanks or bad zips written, no ping-pong."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.rules.mapping import FieldMap
from webapp.rules.options import SyncOption, allowed_options
from webapp.rules.plan import plan_user_sync
from webapp.rules.values import clean
from webapp.rules.zips import normalize_zip

FIELDS = ["first_name", "email", "city", "state", "zip", "custom:team"]
ZIPS = st.sampled_from(["", " ", "10001", "10001-1234", "02139", "94103", "00000", "1234", "abc"])
STATES = st.sampled_from(["", "NY", "MA", "CA", " TX "])
TEXT = st.one_of(st.none(), st.sampled_from(["", "  ", "Ann", "Bob", " Ann"]), st.text(max_size=4))
TIMES = st.one_of(st.none(), st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2021, 1, 2)))


def value_for(field):
    return {"zip": ZIPS, "state": STATES}.get(field, TEXT)


@st.composite
def mappings(draw):
    chosen = draw(st.lists(st.sampled_from(FIELDS), unique=True, min_size=1))
    return [
        FieldMap(f, "team" if f == "custom:team" else f, f == "custom:team",
                 draw(st.sampled_from(allowed_options(f))))
        for f in chosen
    ]


@st.composite
def scenario(draw):
    maps = draw(mappings())
    member = {f: draw(value_for(f)) for f in FIELDS}
    ak = {m.ak_field: draw(value_for(m.member_field)) for m in maps}
    base = {m.member_field: clean(draw(value_for(m.member_field))) for m in maps if draw(st.booleans())}
    return maps, member, ak, base, draw(TIMES), draw(TIMES)


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_plan_never_writes_blanks_or_invalid_zips(case):
    maps, member, ak, base, member_at, ak_at = case
    plan = plan_user_sync(maps, member, ak, base, member_at, ak_at)
    for key, value in list(plan.member_writes.items()) + list(plan.ak_writes.items()):
        assert clean(value) != ""
        if key == "zip":
            assert normalize_zip(value).zip5 == value


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_one_way_fields_never_write_the_protected_side(case):
    maps, member, ak, base, member_at, ak_at = case
    plan = plan_user_sync(maps, member, ak, base, member_at, ak_at)
    for mapping, decision in plan.decisions:
        if mapping.option is SyncOption.ONE_WAY_TO_ACTIONKIT:
            assert decision.to_member is None
        if mapping.option is SyncOption.ONE_WAY_TO_MEMBER:
            assert decision.to_actionkit is None and mapping.ak_field not in plan.ak_writes


@settings(max_examples=500, deadline=None)
@given(scenario())
def test_a_second_plan_without_changes_writes_nothing(case):
    maps, member, ak, base, member_at, ak_at = case
    first = plan_user_sync(maps, member, ak, base, member_at, ak_at)
    member = {**member, **first.member_writes}
    ak = {**ak, **first.ak_writes}
    second = plan_user_sync(maps, member, ak, first.new_base, member_at, ak_at)
    assert (second.member_writes, second.ak_writes) == ({}, {}), (first, second)
    assert second.new_base == first.new_base


@settings(max_examples=400, deadline=None)
@given(scenario())
def test_a_state_written_to_the_member_agrees_with_the_members_zip(case):
    maps, member, ak, base, member_at, ak_at = case
    plan = plan_user_sync(maps, member, ak, base, member_at, ak_at)
    final_zip = normalize_zip(plan.member_writes.get("zip", member.get("zip")))
    if "state" in plan.member_writes and final_zip.ok:
        assert plan.member_writes["state"] == final_zip.state
    if "zip" in plan.member_writes:
        assert plan.derived_state == final_zip.state
