"""Browser fixtures: Debian Chromium driven by Playwright against a live threaded server.

htmx and axe-core come from the npm packages installed into .cache/htmx (never committed); the
page requests htmx from HTMX_URL and Playwright answers with the local file. axe is injected the
same way, from a same-origin test URL, so the product's CSP ('self' scripts only) is left as it is.
"""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import _empty_tables, build_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HTMX_FILE = Path(os.environ.get("HTMX_FILE", ROOT / ".cache/htmx/node_modules/htmx.org/dist/htmx.min.js"))
AXE_FILE = Path(os.environ.get("AXE_FILE", ROOT / ".cache/htmx/node_modules/axe-core/axe.min.js"))
AXE_URL = "/_test/axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STAFF_EMAIL, STAFF_PASSWORD = "browser@example.org", "browser-password-1"


def _require_browser():
    """Skip locally when Chromium, htmx or axe-core is missing; CI sets REQUIRE_BROWSER=1 to fail instead."""
    missing = [str(p) for p in (Path(CHROMIUM), HTMX_FILE, AXE_FILE) if not p.exists()]
    if missing:
        message = f"browser test prerequisites missing: {', '.join(missing)}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session."""
    _require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class LiveServer:
    """A threaded werkzeug server around a test app, plus an optional in-process job worker."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        """Serve in the background and run queued jobs with the embedded mode's worker thread."""
        from jobs.devworker import start_worker_thread
        self.thread.start()
        self.worker_stop = threading.Event()
        self.worker = start_worker_thread(self.app, self.worker_stop, every=0.2)
        return self

    def stop(self):
        """Stop serving and the worker."""
        self.worker_stop.set()
        self.worker.join(timeout=10)
        self.server.shutdown()


@pytest.fixture
def live_server():
    """A live app with a staff login; tables are emptied afterwards."""
    app = build_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from webapp.cli.staff import create_or_update_admin
        from webapp.extensions import db
        create_or_update_admin(STAFF_EMAIL, STAFF_PASSWORD)
        db.session.commit()
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        _empty_tables()


def _serve_file(local):
    """A route handler answering with a local script (Playwright calls it with the route only)."""
    def handler(route):
        """Fulfil the request from disk."""
        route.fulfill(path=str(local), content_type="application/javascript")
    return handler


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page whose htmx (and, when a test injects it, axe) is served from the local npm copy."""
    context = browser.new_context(base_url=live_server.url)
    for url, local in (("**/_test/htmx.min.js", HTMX_FILE), (f"**{AXE_URL}", AXE_FILE)):
        context.route(url, _serve_file(local))
    page = context.new_page()
    page.set_default_timeout(15000)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert violations == [], f"the page broke its Content-Security-Policy: {violations}"


@pytest.fixture
def browser_page(page):
    """A page already signed in as the staff user."""
    page.goto("/login")
    page.get_by_label("Email").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/members/**")
    return page


@pytest.fixture
def sandbox():
    """A seeded ActionKit emulator with a little latency, so the progress bar is seen moving."""
    from aksandbox.server import start_sandbox
    from tests.browser.actionkit_steps import AK_PASSWORD, AK_USER, AK_USERS
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
