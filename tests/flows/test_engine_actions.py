"""Page-action automations: fire once per (automation, action), never for backfill or the unsubscribed."""
from jobs.flows import fire_for_actions
from tests.flows.conftest import make_automation, make_flow, outbound
from webapp.extensions import db
from webapp.models import Automation, AutomationFiring, FlowRun


def _welcome(page):
    """A one-message flow with every kind of merge tag, started by actions on the page."""
    flow = make_flow("Welcome", ("message", "Hi {{first_name}}, thanks for {{page.title}} ({{action.shirt}})!", {}))
    return make_automation(flow, trigger="page_action", page_id=page.id)


def test_an_action_sends_the_rendered_message_once(page, member, action):
    automation = _welcome(page)
    ann = member(first_name="Ann")
    row = action(ann, fields={"shirt": "L"})
    assert fire_for_actions([row]) == 1
    db.session.commit()
    assert outbound(ann) == ["Hi Ann, thanks for Save the Bees (L)!"]
    # a retry, a duplicate webhook, the next fetch cycle: the same action again sends nothing more
    assert fire_for_actions([row]) == 0
    assert fire_for_actions([row.id, row]) == 0
    db.session.commit()
    assert outbound(ann) == ["Hi Ann, thanks for Save the Bees (L)!"]
    automation = db.session.get(Automation, automation.id)
    assert automation.run_count == 1 and automation.last_run_at is not None
    assert db.session.scalar(db.select(db.func.count()).select_from(AutomationFiring)) == 1


def test_a_second_action_fires_again_and_an_earlier_send_survives_a_duplicate(page, member, action):
    _welcome(page)
    ann = member(first_name="Ann")
    first, second = action(ann), action(ann)
    assert fire_for_actions([first]) == 1
    assert fire_for_actions([first, second]) == 1  # one transaction: the duplicate must not drop the new send
    db.session.commit()
    assert len(outbound(ann)) == 2


def test_backfilled_actions_never_fire(page, member, action):
    _welcome(page)
    ann = member(first_name="Ann")
    assert fire_for_actions([action(ann, backfill=True)]) == 0
    db.session.commit()
    assert outbound(ann) == []


def test_unsubscribed_members_get_nothing(page, member, action):
    _welcome(page)
    bob = member(first_name="Bob", subscribed=False)
    assert fire_for_actions([action(bob)]) == 0
    db.session.commit()
    assert outbound(bob) == [] and db.session.scalar(db.select(db.func.count()).select_from(FlowRun)) == 0


def test_field_condition_and_audience(page, member, action):
    flow = make_flow("Hosts", ("message", "Thanks for hosting!", {}))
    make_automation(flow, trigger="page_action", page_id=page.id, field="host", value="yes", audience="existing")
    old, fresh = member(), member()
    assert fire_for_actions([action(old, fields={"host": ""})]) == 0  # field empty
    assert fire_for_actions([action(old, fields={"host": ["no"]})]) == 0  # value not contained
    assert fire_for_actions([action(old, fields={"host": ["Yes"]})]) == 1
    row = action(fresh, fields={"host": "yes"})
    fresh.created_at = row.created_at  # the action created this member: new, not existing
    db.session.commit()
    assert fire_for_actions([row]) == 0


def test_disabled_automation_and_other_pages_do_nothing(page, member, action):
    automation = _welcome(page)
    automation.enabled = False
    db.session.commit()
    assert fire_for_actions([action(member())]) == 0
