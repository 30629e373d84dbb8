"""Create-user, deactivate/reactivate, outages, 4xx pushes and the idle cycle, against a live sandbox."""
import time

from jobs import sync
from webapp.store.groups import primary_group
from webapp.store.memberships import add_member_to_group
from tests.sync_jobs.conftest import run_jobs
from tests.sync_jobs.helpers import cycle, edit_member, event_count, pending_count, set_option, synced_row
from webapp.extensions import db
from webapp.models import AkUser, Integration, Member, PushOutbox, SyncRun
from webapp.queues import get_queue
from webapp.store.members import create_member


def _new_member(email="new.person@example.org", phone="+12125550187"):
    member = create_member({"phone": phone, "email": email, "first_name": "Nia", "last_name": "Park",
                            "zip": "10001", "subscribed": True, "source": "manual"}, {}, actor="staff")
    db.session.commit()
    return member


def test_member_added_to_primary_group_creates_the_actionkit_user(app, raw, activated, connected):
    connected.create_users = True
    db.session.commit()
    member = _new_member()
    assert pending_count() == 0  # not in the primary group yet
    add_member_to_group(primary_group(), member, "staff@example.org")
    db.session.commit()
    assert pending_count() == 1
    cycle()
    row = db.session.scalar(db.select(AkUser).filter_by(member_id=member.id))
    assert row is not None and row.status == "synced"
    user = raw.user(row.ak_id)
    assert (user["email"], user["first_name"], user["zip"]) == ("new.person@example.org", "Nia", "10001")
    assert user["fields"]["sms_opt_in"] == "true"
    phones = raw.get("/rest/v1/phone/", user=row.ak_id)["objects"]
    assert [(p["type"], p["normalized_phone"]) for p in phones] == [("mobile", "2125550187")]
    cycle()  # ActionKit filled city/state from the zip: populate brings them to the member
    assert (member.city, member.state) == ("New York", "NY")
    before = event_count()
    cycle()
    assert event_count() == before and db.session.get(AkUser, row.id).member_id == member.id


def test_no_user_is_created_when_the_setting_is_off(app, raw, activated):
    member = _new_member()
    add_member_to_group(primary_group(), member, "staff@example.org")
    db.session.commit()
    assert pending_count() == 0


def test_deactivate_erases_credentials_stops_jobs_and_keeps_data(app, raw, activated, connected):
    members = db.session.scalar(db.select(db.func.count(Member.id)))
    rows = db.session.scalar(db.select(db.func.count(AkUser.id)))
    assert sync.start_cycle() is not None
    db.session.commit()
    assert len(get_queue()) == 1
    sync.deactivate(connected.id)
    db.session.commit()
    integration = db.session.get(Integration, connected.id)
    assert integration.password_encrypted is None and integration.sync_enabled is False
    assert len(get_queue()) == 0
    assert db.session.scalar(db.select(SyncRun).filter_by(kind="cycle")).status == "cancelled"
    assert sync.run_cycle() is None
    assert db.session.scalar(db.select(db.func.count(Member.id))) == members
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == rows
    assert sync.status_summary()["active"] is False


def test_reactivation_relinks_without_duplicating_members(app, raw, sandbox, activated, connected):
    members = db.session.scalar(db.select(db.func.count(Member.id)))
    sync.deactivate(connected.id)
    db.session.commit()
    sync.connect_instance(sandbox.base_url, *sandbox.auth)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done" and run.counts["created"] == 0
    assert db.session.scalar(db.select(db.func.count(Member.id))) == members


def test_a_running_scan_stops_between_pages_when_deactivated(app, raw, sandbox, connected, monkeypatch):
    from webapp.actionkit import ActionKitClient
    real = ActionKitClient.get_users_by_ids
    calls = {"n": 0}

    def fetch_then_turn_off(client, ids):
        calls["n"] += 1
        if calls["n"] == 2:  # the flag a deactivation commits, seen by the job only through the database
            db.session.execute(db.update(Integration).values(sync_enabled=False))
            db.session.commit()
        return real(client, ids)
    monkeypatch.setattr(ActionKitClient, "get_users_by_ids", fetch_then_turn_off)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "stopped" and 0 < run.work_done < run.work_total
    assert calls["n"] == 2  # no page fetched after the one in flight
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == 200  # the committed pages stay


def test_outage_during_push_loses_nothing(app, raw, activated, connected):
    set_option(connected, "first_name", "two_way")
    cycle()
    row = synced_row(raw)
    edit_member(row.member, first_name="Outage")
    raw.config(fail_rate=1.0)
    sync.run_push()
    db.session.expire_all()
    outbox = db.session.scalar(db.select(PushOutbox).filter_by(member_id=row.member_id))
    assert outbox.status == "sending" and outbox.attempts == 1 and outbox.last_error  # a 5xx leaves it in doubt
    raw.config(fail_rate=0.0)
    assert raw.user(row.ak_id)["first_name"] != "Outage"
    sync.run_push()
    db.session.expire_all()
    assert db.session.get(PushOutbox, outbox.id).status == "sent"
    assert raw.user(row.ak_id)["first_name"] == "Outage"


def test_a_rejected_push_fails_visibly_and_can_be_retried(app, raw, activated, connected):
    set_option(connected, "first_name", "two_way")
    cycle()
    row = synced_row(raw)
    connected.import_page_name = "no-such-page"
    db.session.commit()
    edit_member(row.member, first_name="Rejected")
    cycle()
    outbox = db.session.scalar(db.select(PushOutbox).filter_by(member_id=row.member_id).order_by(PushOutbox.id.desc()))
    assert outbox.status == "failed" and "page" in outbox.last_error
    assert sync.status_summary()["outbox"]["failed"] >= 1
    connected.import_page_name = "kitbridge-import"
    sync.retry_push(outbox.id)
    db.session.commit()
    run_jobs(app)
    assert db.session.get(PushOutbox, outbox.id).status == "sent"
    assert raw.user(row.ak_id)["first_name"] == "Rejected"


def test_an_idle_cycle_makes_only_a_handful_of_requests(app, raw, activated):
    cycle()
    time.sleep(2.1)  # let the last versions settle (whole-second timestamps)
    cycle()
    run_id = cycle()
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done"
    # one empty read each of users, phones, pages, usergroups and the allowed userfields (actions need a synced page)
    assert run.counts["requests"] <= 5, run.counts
    assert run.counts["created"] == run.counts["updated"] == run.counts["pushed"] == 0


def test_a_cycle_never_overlaps_itself(app, activated):
    from jobs.locks import cycle_lock
    with cycle_lock("sync-cycle", 60) as lock:
        assert lock is not None
        assert sync.start_cycle() is None
        assert sync.run_cycle() is None


def test_retry_user_fetches_and_links_again(app, raw, activated):
    row = db.session.scalar(db.select(AkUser).filter_by(status="no_opt_in").order_by(AkUser.ak_id))
    raw.patch_user(row.ak_id, {"fields": {"sms_opt_in": "yes"}})
    sync.retry_user(row.id)
    db.session.commit()
    run_jobs(app)
    row = db.session.get(AkUser, row.id)
    assert row.status in ("synced", "duplicate_phone") and (row.status != "synced" or row.member_id)


def test_a_retry_never_runs_beside_another_sync_run(app, raw, activated, monkeypatch):
    from jobs.locks import cycle_lock
    from jobs.sync import control
    from jobs.sync.jobqueue import LOCK_NAME
    from webapp.models import SyncRun
    monkeypatch.setattr(control, "LOCK_WAIT_SECONDS", 0.3)
    row = db.session.scalar(db.select(AkUser).filter_by(status="no_opt_in").order_by(AkUser.ak_id))
    with cycle_lock(LOCK_NAME) as held:
        assert held is not None
        sync.run_retry_user(row.id)
    run = db.session.scalar(db.select(SyncRun).filter_by(kind="retry"))
    assert run.status == "failed" and "held the lock" in run.error
