"""Staff build a flow with a question and attach it to a page automation; an action posted to aksandbox reaches the
live app through the page webhook, the member answers in the conversation and joins the group; axe on every page."""
import re

import pytest
import requests

from tests.browser.axe_audit import Audit
from tests.conftest import wait_for_rows
from webapp.extensions import db
from webapp.models import AkAction, AkUser, Group, Member, SyncRun

pytestmark = pytest.mark.browser


def _wait(check, what, timeout=60.0):
    """Poll check() with fresh reads until truthy (the live server's worker thread does the work)."""
    return wait_for_rows(check, timeout, what, interval=0.1)


def _finished(kind):
    """The newest run of a kind, once done (a failed one fails the test with its error)."""
    run = db.session.scalars(db.select(SyncRun).filter_by(kind=kind).order_by(SyncRun.id.desc())).first()
    assert run is None or run.status != "failed", run.error
    return run if run is not None and run.status == "done" else None


def _connect_and_sync_a_page(app, sandbox):
    """Connect the sandbox, activate, sync its busiest page (the worker thread runs the jobs); the page's name."""
    from jobs import sync
    from jobs.sync.pages import request_page_sync
    from tests.pages.conftest import busiest_page
    with app.app_context():
        integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
        integration.opt_in_field = "sms_opt_in"
        db.session.commit()
        sync.activate(integration.id)
        db.session.commit()
        _wait(lambda: _finished("activation"), "the activation")
        page = busiest_page()
        request_page_sync(page.id)
        db.session.add(Group(name="Volunteers"))
        db.session.commit()
        _wait(lambda: _finished("backfill"), "the backfill")
        return page.name, page.title, integration.webhook_token


def _subscribed_user(app):
    """A synced ActionKit user whose member is subscribed and has a first name: (ak id, member id, first name)."""
    with app.app_context():
        row = db.session.execute(
            db.select(AkUser.ak_id, Member.id, Member.first_name).join(Member, Member.id == AkUser.member_id)
            .where(AkUser.status == "synced", Member.subscribed.is_(True), Member.first_name != "")
            .order_by(AkUser.ak_id)).first()
        assert row is not None, "the sandbox seed has a subscribed linked user"
        return tuple(row)


def _build_flow(audit):
    """New flow (dialog) -> editor -> a yes/no question whose Yes adds to Volunteers."""
    page = audit.page
    audit.visit("/flows/", "flows")
    page.get_by_role("link", name="New flow").click()
    page.locator("dialog[open]").wait_for()
    audit.check("new flow dialog")
    page.locator("dialog[open]").get_by_label("Name").fill("Volunteer ask")
    page.locator("dialog[open]").get_by_role("button", name="Create flow").click()
    page.get_by_role("heading", name="Flow: Volunteer ask").wait_for()
    audit.check("flow editor")
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Text").wait_for()
    audit.check("question step form")
    page.get_by_label("Text").fill("Thanks for {{page.title}}, {{first_name}}! Will you volunteer? YES or NO")
    page.get_by_label("Add to group").first.select_option(label="Volunteers")
    page.get_by_role("button", name="Save step").click()
    page.get_by_role("heading", name="Flow: Volunteer ask").wait_for()
    assert "Answers: Yes, No" in page.locator("#flow-steps").inner_text()
    audit.check("flow editor (with the question)")


def _attach_automation(audit, page_title):
    """A page-action automation on the synced page starting the flow."""
    page = audit.page
    audit.visit("/automations/new", "new automation")
    page.get_by_label("Name").fill("Page volunteers")
    page.get_by_label("Trigger").select_option(label="Action on a page")
    page.get_by_label("ActionKit page").select_option(label=page_title)
    page.get_by_label("Flow it starts").select_option(label="Volunteer ask")
    page.get_by_role("button", name="Save automation").click()
    page.wait_for_url(re.compile(r"/automations/$"))
    assert "Page volunteers" in page.locator("#automations-table").inner_text()
    audit.check("automations")


def _act_in_the_sandbox(sandbox, page_name, ak_user_id, hook_url):
    """Point the page's webhook at the live app, then take an action on it in ActionKit (the sandbox)."""
    session = requests.Session()
    session.auth = sandbox.auth
    answer = session.put(sandbox.url(f"/_sandbox/pages/{page_name}/webhooks"), json={"urls": [hook_url]}, timeout=10)
    assert answer.status_code == 200, answer.text
    answer = session.post(sandbox.url("/rest/v1/action/"), json={"page": page_name, "id": ak_user_id}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def _reload_until(page, locator, shows, what):
    """Reload until shows(the locator's text) holds (work done by the live server's worker thread)."""
    for _ in range(100):
        if locator.count() and shows(locator.first.inner_text().strip()):
            return
        page.wait_for_timeout(200)
        page.reload()
    raise AssertionError(f"timed out waiting for {what}")


def test_question_flow_from_a_sandbox_action_to_a_group(live_server, browser_page, sandbox):
    app = live_server.app
    app.config.update(INBOX_SIMULATE=True, ACTIONKIT_RECORDS_PER_MINUTE=100_000)
    page_name, page_title, token = _connect_and_sync_a_page(app, sandbox)
    ak_user_id, member_id, first_name = _subscribed_user(app)
    audit = Audit(browser_page)
    _build_flow(audit)
    _attach_automation(audit, page_title)
    action_id = _act_in_the_sandbox(sandbox, page_name, ak_user_id, f"{live_server.url}/webhooks/actionkit/{token}")
    page = audit.page
    page.goto(f"/inbox/{member_id}")
    question = f"Thanks for {page_title}, {first_name}! Will you volunteer? YES or NO"
    _reload_until(page, page.locator("main"), lambda text: question in text, "the question in the conversation")
    audit.check("conversation")
    with app.app_context():
        assert db.session.scalar(db.select(AkAction.source).filter_by(ak_id=action_id)) == "webhook"
    page.get_by_label("Simulated reply from the member").fill("yes")
    page.get_by_role("button", name="Receive this text").click()
    audit.visit("/groups/", "groups")
    row = page.locator("#groups-table tr", has_text="Volunteers")
    _reload_until(page, row.locator("[data-members]"), lambda text: text == "1", "the member in Volunteers")
    row.get_by_role("link", name="Volunteers").click()
    page.wait_for_url(re.compile(r"/groups/\d+"))
    assert first_name in page.locator("main").inner_text()
    audit.check("Volunteers group")
    audit.assert_clean()
