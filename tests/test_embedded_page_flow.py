"""Embedded mode end to end, as a newcomer meets it: connect and activate, pages appear; sync a page and its
past actions fill its group; take an action on the sandbox's page form and the person reaches the page group
through the page webhook alone (the follower pointed it at the app), with no setup in between."""
import threading

import requests

from tests.conftest import poll
from webapp import embedded
from webapp.extensions import db
from webapp.models import AkAction, AkPage, GroupMembership, Integration, Member, SyncRun

PAGE = "volunteer-signup"
PHONE = "+14155550178"


def wait_for(app, probe, timeout=60.0, what="the condition"):
    """Poll probe() in a fresh app context (the worker thread writes meanwhile)."""
    def fresh():
        """One try in its own app context and session."""
        with app.app_context():
            value = probe()
            db.session.remove()
        return value
    value = poll(fresh, timeout, interval=0.2)
    if not value:
        raise AssertionError(f"timed out waiting for {what}")
    return value


def unlimited(running):
    """No record budget on either side: the flow, not ActionKit's rate limit, is under test."""
    running.app.config.update(ACTIONKIT_RATE_LIMIT=False, ACTIONKIT_RECORDS_PER_MINUTE=1_000_000)
    answer = requests.patch(running.sandbox.url("/_sandbox/config"), json={"records_per_minute": 0},
                            auth=running.sandbox.auth, timeout=5)
    assert answer.status_code == 200


def connect_and_activate(running):
    from jobs import sync
    unlimited(running)
    with running.app.app_context():
        integration = sync.connect_instance(running.sandbox.base_url, *running.sandbox.auth)
        integration.opt_in_field = "sms_opt_in"
        db.session.commit()
        sync.activate(integration.id)
        db.session.commit()
    wait_for(running.app, lambda: db.session.scalar(db.select(SyncRun.status).filter_by(kind="activation")) == "done",
             what="the activation run")


def sync_page(running):
    from jobs.sync.page_sync import request_page_sync
    with running.app.app_context():
        page = db.session.scalar(db.select(AkPage).filter_by(name=PAGE))
        request_page_sync(page.id)
        db.session.commit()
        return page.id


def backfill_done(page_id):
    """True once the page's backfill stored its actions and none waits to be processed."""
    actions = db.select(AkAction.id).filter_by(page_id=page_id)
    stored = db.session.scalar(actions.filter_by(backfill=True).limit(1)) is not None
    return stored and db.session.scalar(actions.filter_by(outcome="pending").limit(1)) is None


def group_members(page_id):
    page = db.session.get(AkPage, page_id)
    query = db.select(GroupMembership.member_id).filter_by(group_id=page.group_id)
    return set(db.session.scalars(query))


def test_newcomer_sees_backfill_then_a_sandbox_action_reach_the_page_group(tmp_path):
    running = embedded.start(port=0, sandbox_users=200, instance_path=tmp_path)
    threading.Thread(target=running.server.serve_forever, daemon=True).start()
    try:
        connect_and_activate(running)
        page_id = sync_page(running)
        backfilled = wait_for(running.app, lambda: backfill_done(page_id) and group_members(page_id),
                              what="the page's backfill to fill its group")
        with running.app.app_context():
            token = db.session.scalar(db.select(Integration.webhook_token))
        hook = f"http://127.0.0.1:{running.server.server_port}/webhooks/actionkit/{token}"
        wait_for(running.app, lambda: requests.get(running.sandbox.url(f"/_sandbox/pages/{PAGE}/webhooks"),
                                                   auth=running.sandbox.auth, timeout=5).json()["urls"] == [hook],
                 what="the follower to point the page's webhook at the app")
        form = requests.post(running.sandbox.url(f"/act/{PAGE}/"), timeout=10, data={
            "email": "first.timer@example.org", "first_name": "First", "last_name": "Timer",
            "mobile_phone": "415 555 0178", "zip": "94612", "user_sms_opt_in": "yes", "action_shift": "evening"})
        assert form.status_code == 200 and "Thanks! Action" in form.text
        member_id = wait_for(running.app, lambda: db.session.scalar(db.select(Member.id).filter_by(phone=PHONE)),
                             what="the acting user's member")
        joined = wait_for(running.app, lambda: member_id in group_members(page_id), what="the page group join")
        assert joined and member_id not in backfilled
        with running.app.app_context():
            action = db.session.scalar(db.select(AkAction).filter_by(member_id=member_id))
            assert (action.source, action.outcome, action.backfill) == ("webhook", "added", False)
    finally:
        running.server.shutdown()
        embedded.shutdown(running)
