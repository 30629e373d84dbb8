"""The whole ActionKit flow in Chromium: connect to a live aksandbox, map a field, activate, watch it sync."""
import pytest

from tests.browser.actionkit_steps import AK_USERS, activate_and_wait, choose_opt_in, connect, map_custom_field, tab

pytestmark = pytest.mark.browser


def test_connect_map_activate_and_watch_progress(browser_page, live_server, sandbox, custom_field):
    # The preview spends ActionKit records too; the shared limiter would (rightly) make a page wait a window.
    live_server.app.config["ACTIONKIT_RECORDS_PER_MINUTE"] = 100_000
    page = browser_page
    connect(page, sandbox)
    choose_opt_in(page)
    map_custom_field(page)
    activate_and_wait(page)
    bar = page.locator("#run-progress")
    assert bar.get_attribute("max") == bar.get_attribute("value")
    assert page.locator("#run-percent").inner_text() == "100%"
    assert int(page.locator("#synced-count").inner_text()) > 0
    assert page.locator("#total-count").inner_text() == str(AK_USERS)
    assert page.locator("#sync-status").get_attribute("hx-trigger") is None  # polling stopped
    tab(page, "Users").click()
    page.locator("#users-table .status-synced").first.wait_for()
