"""Staff build a flow with a question, attach it to a page automation; an action starts it, the member answers
in the conversation and joins the group."""
import re

import pytest

from webapp.extensions import db
from webapp.models import AkAction, AkPage, Group, Integration, Member

pytestmark = pytest.mark.browser


def _seed(app):
    """A synced page, a manual group and a subscribed member."""
    with app.app_context():
        integration = Integration(hostname="http://ak.test", username="api")
        db.session.add(integration)
        db.session.flush()
        db.session.add_all([AkPage(integration_id=integration.id, ak_id=42, name="save-the-bees",
                                   title="Save the Bees", synced=True),
                            Group(name="Volunteers"),
                            Member(phone="+12125550777", first_name="Ann", subscribed=True)])
        db.session.commit()


def _build_flow(page):
    """New flow (dialog) -> editor -> a yes/no question whose Yes adds to Volunteers."""
    page.goto("/flows/")
    page.get_by_role("link", name="New flow").click()
    page.locator("dialog[open]").get_by_label("Name").fill("Volunteer ask")
    page.locator("dialog[open]").get_by_role("button", name="Create flow").click()
    page.get_by_role("heading", name="Flow: Volunteer ask").wait_for()
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Text").fill("Thanks for {{page.title}}, {{first_name}}! Will you volunteer? YES or NO")
    page.get_by_label("Add to group").first.select_option(label="Volunteers")
    page.get_by_role("button", name="Save step").click()
    page.get_by_role("heading", name="Flow: Volunteer ask").wait_for()
    assert "Answers: Yes, No" in page.locator("#flow-steps").inner_text()


def _attach_automation(page):
    """A page-action automation on Save the Bees starting the flow."""
    page.goto("/automations/new")
    page.get_by_label("Name").fill("Bee volunteers")
    page.get_by_label("Trigger").select_option(label="Action on a page")
    page.get_by_label("ActionKit page").select_option(label="Save the Bees")
    page.get_by_label("Flow it starts").select_option(label="Volunteer ask")
    page.get_by_role("button", name="Save automation").click()
    page.wait_for_url(re.compile(r"/automations/$"))
    assert "Bee volunteers" in page.locator("#automations-table").inner_text()


def _act_on_the_page(app):
    """What the pages work does for a new action on a synced page: store it processed, then fire automations."""
    from jobs.flows import fire_for_actions
    with app.app_context():
        member = db.session.scalar(db.select(Member).filter_by(phone="+12125550777"))
        bees = db.session.scalar(db.select(AkPage).filter_by(ak_id=42))
        action = AkAction(integration_id=bees.integration_id, ak_id=9001, page_id=bees.id, member_id=member.id,
                          source="webhook", outcome="added", fires_automations=True)
        db.session.add(action)
        db.session.flush()
        assert fire_for_actions([action]) == 1
        db.session.commit()
        return member.id


def test_question_flow_from_a_page_action_to_a_group(live_server, browser_page):
    live_server.app.config["INBOX_SIMULATE"] = True
    _seed(live_server.app)
    page = browser_page
    _build_flow(page)
    _attach_automation(page)
    member_id = _act_on_the_page(live_server.app)
    page.goto(f"/inbox/{member_id}")
    page.get_by_text("Thanks for Save the Bees, Ann! Will you volunteer? YES or NO").wait_for()
    page.get_by_label("Simulated reply from the member").fill("yes")
    page.get_by_role("button", name="Receive this text").click()
    page.goto("/groups/")
    row = page.locator("#groups-table tr", has_text="Volunteers")
    for _ in range(50):  # the reply is routed by the worker thread
        if row.locator("[data-members]").inner_text() == "1":
            break
        page.wait_for_timeout(200)
        page.reload()
    assert row.locator("[data-members]").inner_text() == "1"
    row.get_by_role("link", name="Volunteers").click()
    assert "Ann" in page.locator("main").inner_text()
