"""A staff member signs in, searches through htmx, opens a row's ellipsis menu and edits a member."""
import re

import pytest

from webapp.extensions import db
from webapp.models import Member

pytestmark = pytest.mark.browser


def _seed_members(app):
    """Two named members among enough others to page the table."""
    with app.app_context():
        db.session.add(Member(phone="+12125550101", first_name="Ada", last_name="Lovelace", city="New York"))
        db.session.add(Member(phone="+12125550102", first_name="Grace", last_name="Hopper", city="Arlington"))
        for n in range(60):
            db.session.add(Member(phone=f"+1212555{2000 + n:04d}", first_name=f"Person{n}", last_name="Filler"))
        db.session.commit()


def test_search_menu_and_edit(live_server, browser_page):
    page = browser_page
    _seed_members(live_server.app)
    page.goto("/members/")
    assert page.evaluate("typeof htmx") == "object", "htmx did not load"
    page.get_by_role("searchbox").press_sequentially("Hopper", delay=30)
    page.wait_for_function("() => location.search.includes('q=Hopper')")
    rows = page.locator("#members-table tbody tr")
    rows.first.wait_for()
    page.wait_for_function("() => document.querySelectorAll('#members-table tbody tr').length === 1")
    assert "Grace Hopper" in rows.first.inner_text()

    rows.first.get_by_role("button", name=re.compile("Actions for")).click()
    menu = rows.first.get_by_role("menu")
    assert menu.is_visible()
    menu.get_by_role("menuitem", name="Edit").click()

    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    dialog.get_by_label("City").fill("Brooklyn")
    dialog.get_by_label("First name").fill("Amazing Grace")
    dialog.get_by_role("button", name="Save").click()
    page.locator("dialog[open]").wait_for(state="detached")
    page.wait_for_function(
        "() => document.querySelector('#members-table tbody').innerText.includes('Amazing Grace')")

    with live_server.app.app_context():
        member = db.session.scalar(db.select(Member).filter_by(phone="+12125550102"))
        assert (member.first_name, member.city) == ("Amazing Grace", "Brooklyn")


def test_edit_with_bad_phone_shows_error_and_saves_nothing(live_server, browser_page):
    page = browser_page
    _seed_members(live_server.app)
    page.goto("/members/?q=Lovelace")
    row = page.locator("#members-table tbody tr").first
    row.get_by_role("button", name=re.compile("Actions for")).click()
    row.get_by_role("menuitem", name="Edit").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Phone").fill("555-0123")
    dialog.get_by_role("button", name="Save").click()
    page.locator("dialog[open] [role=alert]").first.wait_for()
    assert "phone" in page.locator("dialog[open]").inner_text().lower()
    with live_server.app.app_context():
        assert db.session.scalar(db.select(Member).filter_by(first_name="Ada")).phone == "+12125550101"
