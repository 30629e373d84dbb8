"""axe-core on every page, with data in the tables and dialogs open: no serious or critical violation."""
import re

import pytest

from tests.browser.actionkit_steps import (AK_PASSWORD, AK_USER, activate_and_wait, choose_opt_in, connect,
                                           map_custom_field, open_add_field, tab)
from tests.browser.axe_audit import Audit
from tests.browser.conftest import STAFF_EMAIL, STAFF_PASSWORD
from webapp.extensions import db
from webapp.models import (AkAction, AkPage, AkUser, CustomField, Group, GroupChange, GroupMembership, Integration,
                           Member, MemberFieldValue, Message, PushOutbox)

pytestmark = pytest.mark.browser


def _seed(app):
    """Members with custom values, messages and groups (manual ones and a sync-managed one)."""
    with app.app_context():
        field = CustomField(name="Neighborhood")
        manual, managed = Group(name="Volunteers"), Group(name="Field: host", kind="actionfield")
        db.session.add_all([field, manual, managed, Group(name="Phone bank")])  # one group left to join
        db.session.flush()
        for n in range(60):
            member = Member(phone=f"+1212555{3000 + n:04d}", first_name=f"Person{n}", last_name="Example",
                            email=f"p{n}@example.org", city="Albany", state="NY", subscribed=n % 2 == 0)
            db.session.add(member)
            db.session.flush()
            db.session.add(MemberFieldValue(member_id=member.id, field_id=field.id, value="Downtown"))
            db.session.add(Message(member_id=member.id, direction="outbound", body="Thanks!", status="sent"))
            for group in (manual, managed):
                db.session.add(GroupMembership(group_id=group.id, member_id=member.id))
                db.session.add(GroupChange(group_id=group.id, member_id=member.id, action="joined",
                                           member_label=member.full_name, actor="test"))
        db.session.commit()
        return manual.id, managed.id, db.session.scalar(db.select(Member.id).order_by(Member.id))


def _sign_in(audit):
    """The login page, empty and after a refused attempt, then a real sign-in."""
    page = audit.page
    audit.visit("/login", "login")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".flash-error").wait_for()
    audit.check("login (refused)")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/members/**")


def _open_dialog(audit, trigger, where, posts_with_htmx=True):
    """Click something that loads a dialog into #modal, check the page with it open, then close it.

    A dialog's form answers into the dialog (hx-post), unlike the same form on its own page."""
    trigger.click()
    audit.page.locator("dialog[open]").wait_for()
    audit.check(where)
    if posts_with_htmx:
        assert all(form.get_attribute("hx-post") for form in audit.page.locator("dialog[open] form").all()), where
    audit.page.keyboard.press("Escape")
    audit.page.locator("dialog[open]").wait_for(state="detached")


def _members(audit, member_id):
    """The member list (menu open, dialogs), a member's page and the no-JS edit and group pages."""
    page = audit.page
    audit.visit("/members/", "members list")
    row = page.locator("#members-table tbody tr").first
    row.get_by_role("button", name=re.compile("Actions for")).click()
    audit.check("members list (row menu open)")
    _open_dialog(audit, row.get_by_role("menuitem", name="Edit"), "member edit dialog")
    _open_dialog(audit, page.get_by_role("link", name="Add member"), "new member dialog")
    audit.visit(f"/members/{member_id}", "member detail")
    _open_dialog(audit, page.get_by_role("link", name="Add to group"), "add-to-group dialog")
    audit.visit(f"/members/{member_id}/edit", "member edit page")
    page.get_by_label("Phone").fill("555")
    page.get_by_role("button", name="Save").click()
    page.locator("[role=alert]").first.wait_for()
    audit.check("member edit page (invalid phone)")
    assert page.locator("dialog").count() == 0, "a full-page form answered with a dialog"
    audit.visit(f"/members/{member_id}/groups", "add-to-group page")


def _groups_and_fields(audit, manual_id, managed_id):
    """Groups list, both kinds of group page, custom fields, and their dialogs."""
    page = audit.page
    audit.visit("/groups/", "groups list")
    _open_dialog(audit, page.get_by_role("link", name="New group"), "new group dialog")
    audit.visit(f"/groups/{manual_id}", "group detail (manual)")
    audit.visit(f"/groups/{managed_id}", "group detail (sync-managed)")
    audit.visit("/groups/new", "new group page")
    audit.visit("/fields/", "custom fields")
    audit.visit("/fields/new", "new custom field page")


def test_member_group_and_field_pages(live_server, page):
    manual_id, managed_id, member_id = _seed(live_server.app)
    audit = Audit(page)
    _sign_in(audit)
    _members(audit, member_id)
    _groups_and_fields(audit, manual_id, managed_id)
    audit.visit("/actionkit/", "ActionKit connect (nothing connected)")
    page.get_by_role("button", name="Verify and save").click()
    page.locator("#connect-form [role=alert]").first.wait_for()
    audit.check("ActionKit connect (empty form refused)")
    audit.visit("/members/999999", "not found page")
    audit.assert_clean()
    assert audit.dead_links() == []


def _failed_push(app):
    """One push ActionKit refused, so Settings lists it with its Retry button."""
    with app.app_context():
        member_id = db.session.scalar(db.select(Member.id).order_by(Member.id))
        db.session.add(PushOutbox(member_id=member_id, changes={"city": "Albany"}, status="failed",
                                  attempts=5, last_error="ActionKit answered 400: city is too long"))
        db.session.commit()


def _fields_tab(audit):
    """Fields tab with a mapping, its dialogs and the no-JS pages behind them."""
    page = audit.page
    dialog = open_add_field(page)
    dialog.wait_for()
    audit.check("ActionKit add-field dialog")
    page.keyboard.press("Escape")
    map_custom_field(page)
    audit.check("ActionKit fields")
    row = page.locator("#fields-table tr", has_text="Favorite issue")
    row.get_by_role("button", name=re.compile("Actions for")).click()
    _open_dialog(audit, row.get_by_role("menuitem", name="Details"), "ActionKit field detail dialog")
    mapping_id = row.get_attribute("id").removeprefix("mapping-")
    audit.visit("/actionkit/fields/new", "ActionKit new field page")
    page.get_by_role("button", name="Add mapping").click()
    page.locator("[role=alert]").first.wait_for()
    audit.check("ActionKit new field page (refused)")
    assert page.locator("dialog").count() == 0, "a full-page form answered with a dialog"
    audit.visit(f"/actionkit/fields/{mapping_id}", "ActionKit field detail page")
    page.get_by_label("Sync option").select_option("two_way")  # saved plainly: the page answers with a page
    page.get_by_role("button", name="Save option").click()
    page.wait_for_url("**/actionkit/fields")


def _synced_page_with_actions(app):
    """A synced page whose stored actions carry a "volunteer" field, so actionfield groups have fields to offer."""
    with app.app_context():
        integration = db.session.scalar(db.select(Integration))
        page = AkPage(integration_id=integration.id, ak_id=900, name="volunteer-drive", synced=True)
        db.session.add(page)
        db.session.flush()
        linked = db.session.scalars(db.select(AkUser).where(AkUser.member_id.is_not(None)).limit(3)).all()
        for n, user in enumerate(linked):
            db.session.add(AkAction(integration_id=integration.id, ak_id=9000 + n, page_id=page.id, page_ak_id=900,
                                    ak_user_id=user.ak_id, member_id=user.member_id, outcome="added",
                                    fields={"volunteer": "yes", "shift": "Saturday"}))
        db.session.commit()


def _integration_groups(audit):
    """Usergroups tab (row menu, sync), ActionField Groups tab (+ Add group dialog, a group, edit, no-JS page)."""
    page = audit.page
    tab(page, "Usergroups").click()
    page.locator("#usergroups-table tbody tr").first.wait_for()
    row = page.locator("#usergroups-table tbody tr", has_text="Volunteers")
    row.get_by_role("button", name=re.compile("Actions for")).click()
    audit.check("ActionKit usergroups (row menu open)")
    row.get_by_role("menuitem", name="Sync").click()
    page.locator(".flash-success").wait_for()
    audit.check("ActionKit usergroups (one synced)")
    tab(page, "ActionField Groups").click()
    audit.check("ActionKit actionfield groups (none yet)")
    page.get_by_role("link", name="+ Add group").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_role("button", name="Create group").click()
    dialog.locator("[role=alert]").first.wait_for()
    audit.check("ActionKit new actionfield group dialog (refused)")
    dialog.get_by_label("Group name").fill("Volunteer helpers")
    dialog.get_by_label("Action field").select_option("volunteer")
    dialog.get_by_role("button", name="Create group").click()
    page.locator("dialog[open]").wait_for(state="detached")
    row = page.locator("#actionfield-groups-table tbody tr", has_text="Volunteer helpers")
    row.wait_for()
    audit.check("ActionKit actionfield groups")
    row.get_by_role("button", name=re.compile("Actions for")).click()
    _open_dialog(audit, row.get_by_role("menuitem", name="Edit"), "ActionKit edit actionfield group dialog")
    audit.visit("/actionkit/actionfield-groups/new", "ActionKit new actionfield group page")


def _synced_area(audit):
    """Settings with Sync on, users, a user's ledger, status, deactivation and reconnecting."""
    page = audit.page
    audit.check("ActionKit settings (sync on, failed push)")
    tab(page, "Users").click()
    page.locator("#users-table tbody tr").first.wait_for()
    audit.check("ActionKit users")
    page.locator("#users-table tbody tr").first.get_by_role("button", name=re.compile("Actions for")).click()
    page.get_by_role("menuitem", name="Details and ledger").first.click()
    page.get_by_role("heading", name="Ledger").wait_for()
    audit.check("ActionKit user detail")
    _integration_groups(audit)
    audit.visit("/actionkit/status", "ActionKit status fragment")
    _webhook_card(audit)
    audit.visit("/actionkit/settings")
    _open_dialog(audit, page.get_by_role("link", name="Turn off Sync Accounts…"), "ActionKit deactivate dialog",
                 posts_with_htmx=False)
    audit.visit("/actionkit/deactivate", "ActionKit deactivate page")
    audit.visit("/actionkit/connect", "ActionKit connect (connected)")
    audit.visit("/actionkit/deactivate")
    page.get_by_role("button", name="Turn off and erase credentials").click()
    page.get_by_text("Sync Accounts:").wait_for()
    audit.check("ActionKit settings (sync off, credentials erased)")


def _webhook_card(audit):
    """Settings' webhook card: Copy puts the full address on the clipboard; Rotate confirms, then replaces it."""
    page = audit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    audit.visit("/actionkit/settings")
    old = page.get_by_label("Webhook address").input_value()
    assert old.startswith(page.url.split("/actionkit")[0] + "/webhooks/actionkit/")
    page.get_by_role("button", name="Copy address").click()
    page.get_by_text("Copied the address.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == old
    audit.check("ActionKit settings (webhook address copied)")
    _open_dialog(audit, page.get_by_role("link", name="Rotate…"), "webhook rotate dialog", posts_with_htmx=False)
    audit.visit("/actionkit/webhook/rotate", "webhook rotate page")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Rotate…").click()
    page.locator("dialog[open]").get_by_role("button", name="Make a new address").click()
    page.get_by_text("the old one stopped working").wait_for()
    new = page.get_by_label("Webhook address").input_value()
    assert new != old and "/webhooks/actionkit/" in new
    assert page.request.post(old, form={"action_id": "1"}).status == 404
    assert page.request.post(new, form={"action_id": "1"}).status == 202


def _pages_and_actions(audit):
    """Pages tab (row menu open, a page synced from it) and the Actions tab once its backfill has run."""
    page = audit.page
    tab(page, "Pages").click()
    page.locator("#pages-table tbody tr").first.wait_for()
    audit.check("ActionKit pages")
    row = page.locator("#pages-table tbody tr", has_text="save-the-library")
    row.get_by_role("button", name=re.compile("Actions for")).click()
    audit.check("ActionKit pages (row menu open)")
    page.once("dialog", lambda dialog: dialog.accept())  # the menu item's confirmation
    row.get_by_role("menuitem", name="Sync page").click()
    page.locator(".flash-success", has_text="is synced").wait_for()
    audit.check("ActionKit pages (page synced)")
    tab(page, "Actions").click()
    for _ in range(50):  # the worker thread backfills the page's past actions
        if page.locator("#actions-table tbody tr[id^=ak-action-]").count():
            break
        page.wait_for_timeout(200)
        page.reload()
    assert page.locator("#actions-table tbody tr[id^=ak-action-]").count(), "the backfill never showed up"
    audit.check("ActionKit actions")
    audit.visit("/actionkit/settings")


def _switch_instance(audit, sandbox):
    """Connecting the same sandbox under another hostname asks to clear the old instance's sync state."""
    page = audit.page
    page.goto("/actionkit/connect")
    page.get_by_label("ActionKit hostname").fill(sandbox.base_url.replace("127.0.0.1", "localhost"))
    page.get_by_label("Staff username").fill(AK_USER)
    page.get_by_label("Staff password").fill(AK_PASSWORD)
    page.get_by_role("button", name="Verify and save").click()
    page.locator("#connect-switch").wait_for()
    audit.check("ActionKit connect (confirm switching instance)")


def test_actionkit_area_connected_with_data(live_server, page, sandbox, custom_field):
    # Settings and the mapping forms list the allowed userfields live (charged 100 records each); this walk
    # opens them more than ten times a minute, which would spend the default 1000-record budget and make a
    # page wait for the next window.
    live_server.app.config["ACTIONKIT_RECORDS_PER_MINUTE"] = 100_000
    audit = Audit(page)
    _sign_in(audit)
    connect(page, sandbox)
    audit.check("ActionKit settings (just connected)")
    choose_opt_in(page)
    _fields_tab(audit)
    activate_and_wait(page)
    _failed_push(live_server.app)
    _synced_page_with_actions(live_server.app)
    page.reload()
    _pages_and_actions(audit)
    _synced_area(audit)
    _switch_instance(audit, sandbox)
    audit.assert_clean()
    assert audit.dead_links() == []


def test_audit_reports_violations_and_dead_links(live_server, page):
    """The audit itself can fail: an unlabelled input is reported with rule, impact and target; a link to
    nowhere is reported with the page it was on."""
    page.goto("/login")
    page.evaluate("() => { const i = document.createElement('input'); i.id = 'unlabelled-probe';"
                  " const a = document.createElement('a'); a.href = '/nowhere-yet'; a.textContent = 'Later';"
                  " document.querySelector('main').append(i, a); }")
    audit = Audit(page)
    audit.check("login with probes")
    assert any(line.startswith("login with probes: label (critical)") and "#unlabelled-probe" in line
               for line in audit.lines), audit.lines
    with pytest.raises(AssertionError, match="label"):
        audit.assert_clean()
    assert audit.dead_links() == ["login with probes: /nowhere-yet answered 404"]
