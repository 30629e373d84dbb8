"""Pages, groups and the webhook in Chromium: sync a page from its ellipsis menu and see its backfilled group,
create an actionfield group, see both in Groups and as member-list filters (with the right members), rotate
the webhook address; axe audits every page on the way."""
import re

import pytest

from tests.browser.actionkit_steps import AK_PASSWORD, AK_USER, activate_and_wait, choose_opt_in, connect, tab
from tests.browser.axe_audit import Audit
from tests.browser.conftest import STAFF_EMAIL, STAFF_PASSWORD
from webapp.extensions import db
from webapp.models import ActionFieldGroup, AkAction, AkPage, Group, GroupMembership

PAGE = "volunteer-signup"
FIELD_GROUP, FIELD, VALUE = "Evening shift", "shift", "evening"


@pytest.fixture
def sandbox():
    """More users than the shared fixture, so the page's backfill links several members (seed 5)."""
    from aksandbox.server import start_sandbox
    handle = start_sandbox(users=240, seed=5, username=AK_USER, password=AK_PASSWORD, records_per_minute=0)
    yield handle
    handle.stop()


def read(app, probe):
    """probe() in a fresh app context (the worker thread writes meanwhile)."""
    with app.app_context():
        try:
            return probe()
        finally:
            db.session.remove()


def group_member_ids(group_id):
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=group_id)))


def backfill_done():
    """The page's group id once its backfill stored actions and none waits to be processed, else None."""
    page = db.session.scalar(db.select(AkPage).filter_by(name=PAGE))
    actions = db.select(AkAction.id).filter_by(page_id=page.id)
    if page.group_id is None or db.session.scalar(actions.filter_by(outcome="pending").limit(1)):
        return None
    return page.group_id if db.session.scalar(actions.filter_by(backfill=True).limit(1)) else None


def expected_page_members():
    """Members linked from the page's actions: exactly who the backfill should have put in the group."""
    query = (db.select(AkAction.member_id).join(AkPage, AkPage.id == AkAction.page_id)
             .where(AkPage.name == PAGE, AkAction.outcome == "added"))
    return set(db.session.scalars(query))


def expected_field_members():
    """Linked members whose action on the page carries shift ~ "evening" (case-insensitive contains)."""
    query = (db.select(AkAction).join(AkPage, AkPage.id == AkAction.page_id)
             .where(AkPage.name == PAGE, AkAction.member_id.is_not(None)))
    return {a.member_id for a in db.session.scalars(query) if VALUE in str((a.fields or {}).get(FIELD, "")).lower()}


def wait_until(page, app, probe, what, tries=150):
    for _ in range(tries):
        value = read(app, probe)
        if value:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {what}")


def sign_in(audit):
    page = audit.page
    page.goto("/login")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/members/**")


def sync_page_from_its_menu(audit, app):
    """Pages tab → the page's ellipsis menu → Sync page (confirmed); returns the page group's id after the backfill."""
    page = audit.page
    tab(page, "Pages").click()
    row = page.locator("#pages-table tbody tr", has_text=PAGE)
    row.wait_for()
    audit.check("Pages tab")
    row.get_by_role("button", name=re.compile("Actions for")).click()
    audit.check("Pages tab (row menu open)")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("menuitem", name="Sync page").click()
    page.locator(".flash-success", has_text="is synced").wait_for()
    group_id = wait_until(page, app, backfill_done, "the page's backfill")
    tab(page, "Actions").click()
    page.locator("#actions-table tbody tr[id^=ak-action-]").first.wait_for()
    audit.check("Actions tab (backfilled)")
    return group_id


def see_backfilled_group(audit, app, group_id):
    """The group's page lists exactly the members the backfill linked."""
    expected = read(app, expected_page_members)
    assert len(expected) >= 2, "seed 5 with 240 users gives the page several eligible actors"
    assert read(app, lambda: group_member_ids(group_id)) == expected
    audit.visit(f"/groups/{group_id}", "page group detail")
    table = audit.page.locator("main table").first
    for member_id in expected:
        table.locator(f"a[href='/members/{member_id}']").first.wait_for()


def create_actionfield_group(audit, app):
    """ActionField Groups tab → + Add group → name, the page, field "shift", value "evening"."""
    page = audit.page
    audit.visit("/actionkit/settings")
    tab(page, "ActionField Groups").click()
    audit.check("ActionField Groups tab")
    page.get_by_role("link", name="+ Add group").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Group name").fill(FIELD_GROUP)
    dialog.get_by_label("Page").select_option(label=PAGE)
    dialog.get_by_label("Action field").select_option(FIELD)
    dialog.get_by_label("Value contains (optional)").fill(VALUE)
    audit.check("new actionfield group dialog (filled)")
    dialog.get_by_role("button", name="Create group").click()
    page.locator("dialog[open]").wait_for(state="detached")
    page.locator("#actionfield-groups-table tbody tr", has_text=FIELD_GROUP).wait_for()
    audit.check("ActionField Groups tab (one group)")
    group_id = read(app, lambda: db.session.scalar(db.select(ActionFieldGroup.group_id).filter_by(name=FIELD_GROUP)))
    expected = read(app, expected_field_members)
    assert expected and read(app, lambda: group_member_ids(group_id)) == expected
    return group_id


def both_in_groups_list(audit, app, page_group_id, field_group_id):
    """The Groups list shows each group with its kind."""
    audit.visit("/groups/", "Groups list")
    for group_id, kind in ((page_group_id, "ActionKit page"), (field_group_id, "Actionfield")):
        name = read(app, lambda: db.session.get(Group, group_id).name)
        row = audit.page.locator("#groups-table tbody tr", has_text=name)
        assert row.locator(".badge").inner_text() == kind


def filter_members_by(audit, app, group_id, label, expected):
    """Choose the group in the member list's filter; the table shows exactly its members."""
    page = audit.page
    page.get_by_label("Group").select_option(label=label)
    page.wait_for_url(re.compile(rf"group={group_id}"))
    page.locator("#members-table [role=status]", has_text=f"{len(expected)} member").wait_for()
    rows = page.locator("#members-table tbody tr[id^=member-]")
    shown = {int(rows.nth(i).get_attribute("id").split("-")[1]) for i in range(rows.count())}
    assert shown == expected
    audit.check(f"members list filtered by {label}")


def rotate_webhook(audit):
    page = audit.page
    audit.visit("/actionkit/settings", "Settings (webhook card)")
    old = page.get_by_label("Webhook address").input_value()
    page.get_by_role("link", name="Rotate…").click()
    page.locator("dialog[open]").wait_for()
    audit.check("webhook rotate dialog")
    page.locator("dialog[open]").get_by_role("button", name="Make a new address").click()
    page.get_by_text("the old one stopped working").wait_for()
    audit.check("Settings (webhook rotated)")
    new = page.get_by_label("Webhook address").input_value()
    assert new != old and "/webhooks/actionkit/" in new
    assert page.request.post(old, form={"action_id": "1"}).status == 404
    assert page.request.post(new, form={"action_id": "1"}).status == 202


def test_sync_a_page_make_an_actionfield_group_filter_members_and_rotate(live_server, page, sandbox):
    app = live_server.app
    app.config["ACTIONKIT_RECORDS_PER_MINUTE"] = 100_000  # the walk, not ActionKit's rate window, is under test
    audit = Audit(page)
    sign_in(audit)
    connect(page, sandbox)
    choose_opt_in(page)
    activate_and_wait(page)
    page_group_id = sync_page_from_its_menu(audit, app)
    see_backfilled_group(audit, app, page_group_id)
    field_group_id = create_actionfield_group(audit, app)
    both_in_groups_list(audit, app, page_group_id, field_group_id)
    audit.visit("/members/", "members list")
    options = page.locator("#member-group option").all_inner_texts()
    assert f"{PAGE} (ActionKit page)" in options and f"{FIELD_GROUP} (Actionfield)" in options
    filter_members_by(audit, app, page_group_id, f"{PAGE} (ActionKit page)", read(app, expected_page_members))
    filter_members_by(audit, app, field_group_id, f"{FIELD_GROUP} (Actionfield)", read(app, expected_field_members))
    rotate_webhook(audit)
    audit.assert_clean()
    assert audit.dead_links() == []
