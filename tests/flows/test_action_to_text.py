"""End to end: an action taken in aksandbox on a synced page texts its member once, via the webhook or fetch."""
import pytest
import requests

from jobs import sync
from tests.flows.conftest import make_automation, make_flow
from tests.pages.conftest import busiest_page, page_named, post_action, run_jobs
from tests.webhook.conftest import drained, stored_actions, wait_for, webhook_path
from tests.webhook.conftest import app, activated, connected, raw, sandbox  # noqa: F401
from webapp.extensions import db
from webapp.models import AkAction, AkUser, Member, Message, SyncRun

TEMPLATE = "Hi {{first_name}}, thanks for {{page.title}} ({{action.comment}})"


@pytest.fixture
def automated_page(app, activated):
    """The busiest page with a page-action automation made BEFORE it is synced and its past actions backfilled."""
    from jobs.sync.pages import request_page_sync
    page = busiest_page()
    flow = make_flow("Thanks", ("message", TEMPLATE, {}))
    make_automation(flow, name="Thank actors", trigger="page_action", page_id=page.id)
    request_page_sync(page.id)
    db.session.commit()
    run_jobs(app)
    return page_named(page.name)


@pytest.fixture
def live(app, automated_page):
    """The app over real HTTP with a worker thread, after the backfill."""
    from tests.browser.conftest import LiveServer
    server = LiveServer(app).start()
    yield server
    server.stop()


def _point_webhooks(raw, page_name, url):
    response = raw.session.put(raw.handle.url(f"/_sandbox/pages/{page_name}/webhooks"), json={"urls": [url]},
                               timeout=10)
    assert response.status_code == 200, response.text


def _linked_user(subscribed):
    """A synced ActionKit user whose member is (or is not) subscribed, with a first name to render."""
    query = (db.select(AkUser).join(Member, Member.id == AkUser.member_id)
             .where(AkUser.status == "synced", Member.subscribed.is_(subscribed), Member.first_name != "")
             .order_by(AkUser.ak_id))
    user = db.session.scalars(query).first()
    assert user is not None, f"the seed has no synced user with subscribed={subscribed}"
    return user


def _texts(member_id):
    """The member's outbound texts (fresh), oldest first."""
    db.session.rollback()
    return list(db.session.scalars(db.select(Message).filter_by(member_id=member_id, direction="outbound")
                                   .order_by(Message.id)))


def _expected(member_id, page, comment):
    member = db.session.get(Member, member_id)
    return f"Hi {member.first_name}, thanks for {page.title} ({comment})"


def _fetch_cycle():
    """One fetch cycle in this process; it must finish."""
    run = db.session.get(SyncRun, sync.run_cycle())
    assert run.status == "done", run.error


def test_backfilled_actions_send_nothing(app, raw, automated_page):
    backfilled = stored_actions(page_id=automated_page.id, backfill=True, outcome="added")
    assert backfilled, "the busiest page has past actions by linked users"
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_an_action_through_the_webhook_texts_once(app, raw, automated_page, connected, live):
    _point_webhooks(raw, automated_page.name, live.url + webhook_path(connected))
    user = _linked_user(subscribed=True)
    action = post_action(raw, automated_page.name, user.ak_id, comment="the bees")
    texts = wait_for(lambda: [t for t in _texts(user.member_id) if t.status == "sent"], what="the text")
    wait_for(lambda: drained(app), what="the drain to finish")
    row = stored_actions(ak_id=action["id"])[0]
    assert row.source == "webhook"
    assert [(t.body, t.ak_action_id) for t in _texts(user.member_id)] == [
        (_expected(user.member_id, automated_page, "the bees"), row.id)]
    assert texts[0].automation_id is not None
    notice = {"action_id": str(action["id"]), "page": automated_page.name, "user_id": str(user.ak_id),
              "akid": "", "created_at": action["created_at"]}
    assert requests.post(live.url + webhook_path(connected), data=notice, timeout=5).status_code == 202
    wait_for(lambda: drained(app), what="the second drain to finish")
    live.stop()  # the fetch cycle runs here, without the worker thread racing it
    _fetch_cycle()
    run_jobs(app)
    assert len(_texts(user.member_id)) == 1


def test_an_unsubscribed_member_gets_nothing(app, raw, automated_page, connected, live):
    _point_webhooks(raw, automated_page.name, live.url + webhook_path(connected))
    user = _linked_user(subscribed=False)
    action = post_action(raw, automated_page.name, user.ak_id, comment="quiet")
    wait_for(lambda: stored_actions(ak_id=action["id"], outcome="added"), what="the action")
    wait_for(lambda: drained(app), what="the drain to finish")
    assert _texts(user.member_id) == []


def test_with_the_webhook_silent_the_fetch_cycle_texts_once(app, raw, automated_page):
    user = _linked_user(subscribed=True)
    action = post_action(raw, automated_page.name, user.ak_id, comment="by fetch")
    _fetch_cycle()
    run_jobs(app)
    _fetch_cycle()
    run_jobs(app)
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"]))
    assert (row.source, row.backfill, row.outcome) == ("poll", False, "added")
    texts = _texts(user.member_id)
    assert [(t.body, t.status) for t in texts] == [(_expected(user.member_id, automated_page, "by fetch"), "sent")]
