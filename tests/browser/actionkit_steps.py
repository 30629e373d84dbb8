"""Steps through the ActionKit area in Chromium, shared by the flow and accessibility tests."""
AK_USER, AK_PASSWORD, AK_USERS = "browser-staff", "Browser-Sandbox-Secret-7", 60


def tab(page, name):
    """A link in the ActionKit area's own tab bar."""
    return page.get_by_role("navigation", name="ActionKit sections").get_by_role("link", name=name)


def connect(page, sandbox):
    """Connect the live sandbox through the form; the password never comes back in the page."""
    page.goto("/actionkit/")
    page.get_by_label("ActionKit hostname").fill(sandbox.base_url)
    page.get_by_label("Staff username").fill(AK_USER)
    page.get_by_label("Staff password").fill(AK_PASSWORD)
    page.get_by_role("button", name="Verify and save").click()
    page.wait_for_url("**/actionkit/settings")
    assert AK_PASSWORD not in page.content()


def choose_opt_in(page):
    """Pick the sandbox's opt-in userfield and save."""
    page.get_by_label("Opt-in userfield").select_option("sms_opt_in")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Settings saved.").wait_for()


def open_add_field(page):
    """Open the Fields tab's "+ Add field" dialog and return it."""
    tab(page, "Fields").click()
    page.get_by_role("link", name="+ Add field").click()
    return page.locator("dialog[open]")


def map_custom_field(page):
    """Map the "Favorite issue" custom field two-way through the dialog."""
    dialog = open_add_field(page)
    dialog.get_by_label("Member custom field").select_option(label="Favorite issue")
    dialog.get_by_label("ActionKit userfield").select_option("favorite_issue")
    dialog.get_by_label("Sync option").select_option("two_way")
    dialog.get_by_role("button", name="Add mapping").click()
    page.locator("dialog[open]").wait_for(state="detached")
    row = page.locator("#fields-table tr", has_text="Favorite issue")
    row.get_by_text("Two-way, overwrite both").wait_for()


def turn_on_after_the_preview(page):
    """Turn on: the page prepares the preview, polls until it shows, then wants any rewrites confirmed."""
    page.get_by_role("button", name="Turn on Sync Accounts").click()
    page.locator("#preview-would-sync").wait_for(timeout=60000)
    if int(page.locator("#preview-rewrites").inner_text()) > 0:
        assert "Sync Accounts: Off" in page.locator("#sync-title").inner_text()
        box = page.get_by_label("I have seen the preview")
        assert box.get_attribute("required") is not None and not box.is_checked()
        box.check()
        page.get_by_role("button", name="Turn on Sync Accounts").click()


def activate_and_wait(page):
    """Turn Sync Accounts on from Settings (after the preview) and wait for the activation run to finish."""
    tab(page, "Settings").click()
    turn_on_after_the_preview(page)
    page.get_by_text("Sync Accounts is on").wait_for()
    page.locator("#run-progress").wait_for()
    page.wait_for_function(
        "() => { const s = document.querySelector('#run-status'); return s && s.textContent.trim() === 'done'; }",
        timeout=60000)
