"""Embedded mode's example flow: a newcomer connects and activates, acts on the example page's sandbox form, and
the conversation starts in the Inbox, with nothing built by hand; past actions of that page text nobody."""
import re
import threading

import requests
from markupsafe import escape

from tests.test_embedded_page_flow import connect_and_activate, wait_for
from webapp import embedded
from webapp.devseed import example_flow as example
from webapp.extensions import db
from webapp.models import AkAction, AkPage, Automation, Integration, Member, Message

PHONE = "+14155550179"


def example_ready():
    """The example automation on its synced page, with the page's backfill done (nothing pending)."""
    automation = db.session.scalar(db.select(Automation).filter_by(name=example.AUTOMATION_NAME))
    page = db.session.scalar(db.select(AkPage).filter_by(name=example.EXAMPLE_PAGE))
    if automation is None or page is None or not page.synced or automation.page_id != page.id:
        return None
    actions = db.select(AkAction.id).filter_by(page_id=page.id)
    backfilled = db.session.scalar(actions.filter_by(backfill=True).limit(1)) is not None
    return backfilled and db.session.scalar(actions.filter_by(outcome="pending").limit(1)) is None and page.title


def webhook_followed(running):
    """The follower pointed the example page's webhook at the app's current URL."""
    token = db.session.scalar(db.select(Integration.webhook_token))
    hook = f"http://127.0.0.1:{running.server.server_port}/webhooks/actionkit/{token}"
    urls = requests.get(running.sandbox.url(f"/_sandbox/pages/{example.EXAMPLE_PAGE}/webhooks"),
                        auth=running.sandbox.auth, timeout=5).json()["urls"]
    return urls == [hook]


def act_on_the_example_page(running):
    """A first-timer fills the page's take-action form in the sandbox, opting in to texts."""
    form = requests.post(running.sandbox.url(f"/act/{example.EXAMPLE_PAGE}/"), timeout=10, data={
        "email": "example.timer@example.org", "first_name": "Exa", "last_name": "Timer",
        "mobile_phone": "415 555 0179", "zip": "94612", "user_sms_opt_in": "yes"})
    assert form.status_code == 200 and "Thanks! Action" in form.text


def outbound_of(member_id):
    return list(db.session.scalars(db.select(Message.body).filter_by(member_id=member_id, direction="outbound")))


def signed_in(running):
    """A browser-like session signed in as the embedded admin over HTTP (the login form's CSRF token included)."""
    session = requests.Session()
    form = session.get(running.url + "login", timeout=5).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    answer = session.post(running.url + "login", timeout=5, allow_redirects=False, data={
        "email": embedded.ADMIN_EMAIL, "password": running.admin_password, "csrf_token": token})
    assert answer.status_code == 302, answer.text
    return session


def test_acting_on_the_example_page_starts_a_conversation_in_the_inbox(tmp_path):
    running = embedded.start(port=0, sandbox_users=200, instance_path=tmp_path)
    threading.Thread(target=running.server.serve_forever, daemon=True).start()
    try:
        connect_and_activate(running)
        title = wait_for(running.app, example_ready, what="the example automation on its synced page")
        with running.app.app_context():
            assert db.session.scalar(db.select(db.func.count(Message.id))) == 0  # backfill texts nobody
        wait_for(running.app, lambda: webhook_followed(running), what="the page webhook pointed at the app")
        act_on_the_example_page(running)
        member_id = wait_for(running.app, lambda: db.session.scalar(db.select(Member.id).filter_by(phone=PHONE)),
                             what="the acting user's member")
        question = example.QUESTION.replace("{{first_name}}", "Exa").replace("{{page.title}}", title)
        wait_for(running.app, lambda: outbound_of(member_id) == [question], what="the example flow's question")
        client = signed_in(running)
        assert "Exa" in client.get(running.url + "inbox/", timeout=5).text
        assert str(escape(question)) in client.get(running.url + f"inbox/{member_id}", timeout=5).text
        assert embedded.load_state(tmp_path).get(example.STATE_KEY)  # a restart will not make it again
    finally:
        running.server.shutdown()
        embedded.shutdown(running)
