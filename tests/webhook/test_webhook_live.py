"""Page webhooks pointed at a live app: ActionKit's own notices bring actions in, once, and nothing else."""
import requests

from tests.pages.conftest import group_member_ids, post_action
from tests.webhook.conftest import drained, stored_actions, wait_for, webhook_path
from webapp.extensions import db
from webapp.models import AkPage, AkUser, GroupChange, SyncRun


def _point_webhooks(raw, page_name, url):
    response = raw.session.put(raw.handle.url(f"/_sandbox/pages/{page_name}/webhooks"), json={"urls": [url]},
                               timeout=10)
    assert response.status_code == 200, response.text


def _synced_user_outside(group_id):
    """A linked ActionKit user whose member is not in the group yet."""
    inside = group_member_ids(group_id)
    users = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    return next(u for u in users if u.member_id not in inside)


def _joins(group_id, member_id):
    return db.session.scalar(db.select(db.func.count(GroupChange.id)).filter_by(
        group_id=group_id, member_id=member_id, action="joined"))


def test_an_action_reaches_the_page_group_through_the_webhook_alone(app, raw, synced_page, connected, live):
    _point_webhooks(raw, synced_page.name, live.url + webhook_path(connected))
    user = _synced_user_outside(synced_page.group_id)
    runs_before = db.session.scalar(db.select(db.func.count(SyncRun.id)))
    action = post_action(raw, synced_page.name, user.ak_id, comment="by webhook")
    row = wait_for(lambda: next(iter(stored_actions(ak_id=action["id"], outcome="added")), None), what="the action")
    assert (row.source, row.backfill, row.member_id, row.fields) == ("webhook", False, user.member_id,
                                                                      {"comment": "by webhook"})
    assert row.fires_automations is True
    assert user.member_id in group_member_ids(synced_page.group_id)
    assert _joins(synced_page.group_id, user.member_id) == 1
    assert db.session.scalar(db.select(db.func.count(SyncRun.id))) == runs_before  # no cycle, no fetch ran
    deliveries = raw.get("/_sandbox/webhooks/deliveries")["deliveries"]
    assert [d["status"] for d in deliveries if d["data"]["action_id"] == str(action["id"])] == [202]


def test_the_same_notice_three_times_stores_one_action(app, raw, synced_page, connected, live):
    user = _synced_user_outside(synced_page.group_id)
    action = post_action(raw, synced_page.name, user.ak_id)  # no webhook set: we deliver the notice ourselves
    notice = {"action_id": str(action["id"]), "page": synced_page.name, "user_id": str(user.ak_id),
              "akid": "", "created_at": action["created_at"]}
    for _ in range(3):
        assert requests.post(live.url + webhook_path(connected), data=notice, timeout=5).status_code == 202
    wait_for(lambda: stored_actions(ak_id=action["id"], outcome="added"), what="the action")
    wait_for(lambda: drained(app), what="the drain to finish")
    assert len(stored_actions(ak_id=action["id"])) == 1
    assert _joins(synced_page.group_id, user.member_id) == 1


def test_a_forged_notice_naming_no_real_action_changes_nothing(app, raw, synced_page, connected, live):
    before = [(r.ak_id, r.outcome) for r in stored_actions()]
    members = group_member_ids(synced_page.group_id)
    forged = {"action_id": "987654321", "page": synced_page.name, "user_id": "1", "akid": "", "created_at": "x"}
    assert requests.post(live.url + webhook_path(connected), data=forged, timeout=5).status_code == 202
    wait_for(lambda: drained(app), what="the drain to finish")
    assert [(r.ak_id, r.outcome) for r in stored_actions()] == before
    assert group_member_ids(synced_page.group_id) == members


def test_an_action_on_an_unsynced_page_is_recorded_as_ignored(app, raw, synced_page, connected, live):
    other = db.session.scalars(db.select(AkPage).filter_by(synced=False).where(AkPage.type != "Import")
                               .order_by(AkPage.id)).first()
    _point_webhooks(raw, other.name, live.url + webhook_path(connected))
    user = _synced_user_outside(synced_page.group_id)
    action = post_action(raw, other.name, user.ak_id)
    row = wait_for(lambda: next(iter(stored_actions(ak_id=action["id"])), None), what="the action")
    wait_for(lambda: drained(app), what="the drain to finish")
    row = stored_actions(ak_id=action["id"])[0]
    assert (row.source, row.outcome, row.processed_at, row.member_id) == ("webhook", "ignored", None, None)
    assert row.reason
    assert user.member_id not in group_member_ids(synced_page.group_id)
