"""A takeover: a lower-id user claims a phone whose member's values came from another ActionKit user."""
import pytest

from webapp.rules import FieldMap, plan_takeover, resolve_opt_in


@pytest.mark.parametrize("member, raw, subscribed, to_member, to_ak", [
    (True, "f", False, False, None),       # this user's recognized opt-out wins; nothing written back
    (False, "yes", True, True, None),
    (True, "true", True, None, None),      # equal: nothing moves
    (True, "TBD", False, False, "false"),  # unknown: as at creation, unsubscribed and written back
    (False, "maybe", False, None, "false"),
])
def test_a_borrowed_status_is_never_written_to_the_new_owner(member, raw, subscribed, to_member, to_ak):
    decision = resolve_opt_in(member, raw, first_link=True, borrowed=True)
    assert (decision.subscribed, decision.to_member, decision.to_actionkit) == (subscribed, to_member, to_ak)
    assert decision.to_actionkit in (None, "false")


def test_without_borrowing_the_first_link_still_lets_the_member_win():
    decision = resolve_opt_in(True, "f", first_link=True)
    assert decision.to_actionkit == "true" and decision.to_member is None


def test_takeover_fields_come_from_the_new_owner_and_nothing_goes_back():
    maps = [FieldMap("first_name", "first_name", option="populate_overwrite_actionkit"),
            FieldMap("city", "city", option="two_way")]
    plan = plan_takeover(maps, {"first_name": "Other", "city": "Reno"}, {"first_name": "Owner", "city": ""})
    assert plan.member_writes == {"first_name": "Owner"}
    assert plan.ak_writes == {}
