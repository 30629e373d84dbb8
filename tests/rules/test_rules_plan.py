"""plan_user_sync: per-field decisions for one linked user, with the zip/state rules."""

from datetime import datetime, timedelta

from webapp.rules.mapping import FieldMap
from webapp.rules.options import SyncOption as O
from webapp.rules.plan import plan_user_sync

EARLY = datetime(2024, 3, 1, 8, 0)
LATE = EARLY + timedelta(hours=2)


def maps(**options):
    """Build mappings for core fields plus one userfield, options given by member field."""
    return [
        FieldMap(field, "team" if field == "custom:team" else field, field == "custom:team", option)
        for field, option in options.items()
    ]


def test_mixed_options_produce_writes_on_both_sides():
    mappings = maps(first_name=O.ONE_WAY_TO_ACTIONKIT, last_name=O.POPULATE, city=O.ONE_WAY_TO_MEMBER,
                    **{"custom:team": O.TWO_WAY})
    plan = plan_user_sync(
        mappings,
        {"first_name": "Ann", "last_name": "", "city": "Boston", "custom:team": "Red"},
        {"first_name": "Anne", "last_name": "Lee", "city": "Cambridge", "team": "Blue"},
        {"custom:team": "Red"}, EARLY, LATE,
    )
    assert plan.member_writes == {"last_name": "Lee", "city": "Cambridge", "custom:team": "Blue"}
    assert plan.ak_writes == {"first_name": "Ann"}
    assert plan.new_base == {"first_name": "Ann", "last_name": "Lee", "city": "Cambridge", "custom:team": "Blue"}
    assert [m.member_field for m, _ in plan.decisions] == ["first_name", "last_name", "city", "custom:team"]
    assert plan.writes


def test_nothing_to_do():
    plan = plan_user_sync(maps(first_name=O.TWO_WAY), {"first_name": "Ann"}, {"first_name": "Ann"})
    assert (plan.member_writes, plan.ak_writes, plan.new_base) == ({}, {}, {"first_name": "Ann"})
    assert not plan.writes


def test_base_of_unrelated_fields_is_kept():
    plan = plan_user_sync(maps(city=O.POPULATE), {"city": "A"}, {"city": "B"}, {"city": "Old", "gone": "x"})
    assert plan.new_base == {"city": "Old", "gone": "x"}


def test_zip_written_to_member_is_normalized_and_derives_state_even_unmapped():
    plan = plan_user_sync(maps(zip=O.POPULATE), {"zip": "", "state": "CA"}, {"zip": "10001-1234"})
    assert plan.member_writes == {"zip": "10001", "state": "NY"}
    assert plan.derived_state == "NY"
    assert plan.new_base == {"zip": "10001"}


def test_derived_state_is_not_rewritten_when_already_right():
    plan = plan_user_sync(maps(zip=O.ONE_WAY_TO_MEMBER), {"zip": "02138", "state": "MA"}, {"zip": "02139"})
    assert plan.member_writes == {"zip": "02139"}


def test_zip_plus_four_equals_its_zip5():
    plan = plan_user_sync(maps(zip=O.TWO_WAY), {"zip": "10001"}, {"zip": "10001-1234"})
    assert not plan.writes
    assert plan.new_base == {"zip": "10001"}


def test_zip_pushed_to_actionkit_is_normalized():
    plan = plan_user_sync(maps(zip=O.ONE_WAY_TO_ACTIONKIT), {"zip": "02139 4307"}, {"zip": "10001"})
    assert plan.ak_writes == {"zip": "02139"}


def test_invalid_zip_is_reported_not_written():
    plan = plan_user_sync(maps(zip=O.ONE_WAY_TO_MEMBER), {"zip": "10001", "state": "NY"}, {"zip": "1234"}, {"zip": "10001"})
    assert not plan.writes
    (_, decision), = plan.decisions
    assert decision.rule.startswith("invalid zip: invalid zip '1234'")
    assert plan.new_base == {"zip": "10001"}


def test_unknown_zip_is_reported_not_written_to_actionkit():
    plan = plan_user_sync(maps(zip=O.POPULATE), {"zip": "00000"}, {"zip": ""})
    assert not plan.writes
    assert plan.decisions[0][1].rule == "invalid zip: unknown zip '00000': not a US zip code"


def test_state_mapping_uses_the_state_derived_from_a_new_zip():
    # state is listed first on purpose: zip is still decided before state.
    mappings = maps(state=O.POPULATE_OVERWRITE_ACTIONKIT, zip=O.POPULATE)
    plan = plan_user_sync(mappings, {"zip": "", "state": ""}, {"zip": "94103", "state": ""})
    assert plan.member_writes == {"zip": "94103", "state": "CA"}
    assert plan.ak_writes == {"state": "CA"}
    assert plan.new_base == {"zip": "94103", "state": "CA"}


def test_state_that_contradicts_the_member_zip_is_not_written_to_the_member():
    mappings = maps(zip=O.POPULATE, state=O.ONE_WAY_TO_MEMBER)
    plan = plan_user_sync(mappings, {"zip": "10001", "state": "NY"}, {"zip": "10001", "state": "TX"})
    assert not plan.writes
    assert "blocked: member state comes from zip NY" in plan.decisions[1][1].rule


def test_state_matching_the_member_zip_may_fill_the_member():
    mappings = maps(zip=O.POPULATE, state=O.POPULATE)
    plan = plan_user_sync(mappings, {"zip": "10001", "state": ""}, {"zip": "10001", "state": "NY"})
    assert plan.member_writes == {"state": "NY"}


def test_state_without_a_valid_member_zip_syncs_normally():
    mappings = maps(state=O.ONE_WAY_TO_MEMBER)
    plan = plan_user_sync(mappings, {"zip": "", "state": "NY"}, {"state": "TX"})
    assert plan.member_writes == {"state": "TX"}


def test_userfields_are_keyed_by_ak_field_and_member_field():
    mappings = [FieldMap("custom:7", "team", True, O.POPULATE)]
    plan = plan_user_sync(mappings, {"custom:7": "Red"}, {"team": ""})
    assert plan.ak_writes == {"team": "Red"}
    assert plan.new_base == {"custom:7": "Red"}
