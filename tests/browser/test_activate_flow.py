"""The whole ActionKit flow in Chromium: connect to a live aksandbox, map a field, activate, watch it sync."""
import pytest

from aksandbox.server import start_sandbox

pytestmark = pytest.mark.browser

AK_USER, AK_PASSWORD, AK_USERS = "browser-staff", "Browser-Sandbox-Secret-7", 60


@pytest.fixture
def sandbox():
    """A seeded ActionKit emulator with a little latency, so the progress bar is seen moving."""
    handle = start_sandbox(users=AK_USERS, seed=5, username=AK_USER, password=AK_PASSWORD,
                           records_per_minute=0, latency_ms=20)
    yield handle
    handle.stop()


@pytest.fixture
def custom_field(live_server):
    """A member text custom field to map to an ActionKit userfield."""
    from webapp.extensions import db
    from webapp.models import CustomField
    with live_server.app.app_context():
        db.session.add(CustomField(name="Favorite issue"))
        db.session.commit()


@pytest.fixture
def roomy_budget(live_server):
    """The preview spends ActionKit records too: with the page loads' userfield lists it passes 1,000 a minute,
    and the shared limiter would (rightly) make the page wait for the next window."""
    live_server.app.config["ACTIONKIT_RECORDS_PER_MINUTE"] = 100_000


def tab(page, name):
    """A link in the ActionKit area's own tab bar."""
    return page.get_by_role("navigation", name="ActionKit sections").get_by_role("link", name=name)


def connect(page, sandbox):
    page.goto("/actionkit/")
    page.get_by_label("ActionKit hostname").fill(sandbox.base_url)
    page.get_by_label("Staff username").fill(AK_USER)
    page.get_by_label("Staff password").fill(AK_PASSWORD)
    page.get_by_role("button", name="Verify and save").click()
    page.wait_for_url("**/actionkit/settings")
    assert AK_PASSWORD not in page.content()


def choose_opt_in(page):
    page.get_by_label("Opt-in userfield").select_option("sms_opt_in")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()


def map_custom_field(page):
    tab(page, "Fields").click()
    page.get_by_role("link", name="+ Add field").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Member custom field").select_option(label="Favorite issue")
    dialog.get_by_label("ActionKit userfield").select_option("favorite_issue")
    dialog.get_by_label("Sync option").select_option("two_way")
    dialog.get_by_role("button", name="Add mapping").click()
    page.locator("dialog[open]").wait_for(state="detached")
    row = page.locator("#fields-table tr", has_text="Favorite issue")
    row.get_by_text("Two-way, overwrite both").wait_for()


def turn_on_after_the_preview(page):
    """Turn on: the page prepares the preview, polls until it shows, then wants the rewrites confirmed."""
    page.get_by_role("button", name="Turn on Sync Accounts").click()
    page.locator("#preview-preparing").wait_for()
    page.locator("#preview-would-sync").wait_for(timeout=60000)
    assert int(page.locator("#preview-rewrites").inner_text()) > 0
    assert "Sync Accounts: Off" in page.locator("#sync-title").inner_text()
    box = page.get_by_label("I have seen the preview")
    assert box.get_attribute("required") is not None and not box.is_checked()
    box.check()
    page.get_by_role("button", name="Turn on Sync Accounts").click()


def test_connect_map_activate_and_watch_progress(browser_page, sandbox, custom_field, roomy_budget):
    page = browser_page
    connect(page, sandbox)
    choose_opt_in(page)
    map_custom_field(page)
    tab(page, "Settings").click()
    turn_on_after_the_preview(page)
    page.get_by_text("Sync Accounts is on").wait_for()
    page.locator("#run-progress").wait_for()
    page.wait_for_function(
        "() => { const s = document.querySelector('#run-status'); return s && s.textContent.trim() === 'done'; }",
        timeout=60000)
    bar = page.locator("#run-progress")
    assert bar.get_attribute("max") == bar.get_attribute("value")
    assert page.locator("#run-percent").inner_text() == "100%"
    assert int(page.locator("#synced-count").inner_text()) > 0
    assert page.locator("#total-count").inner_text() == str(AK_USERS)
    assert page.locator("#sync-status").get_attribute("hx-trigger") is None  # polling stopped
    tab(page, "Users").click()
    page.locator("#users-table .status-synced").first.wait_for()
