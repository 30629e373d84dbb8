"""ActionKit unreachable (the sandbox stopped) in the middle of work: nothing is lost."""
from jobs import sync
from tests.sync_jobs.helpers import edit_member, set_option, synced_row
from webapp.extensions import db
from webapp.models import PushOutbox, SyncRun


def test_push_while_actionkit_is_down_stays_pending_then_lands(app, raw, sandbox, activated, connected):
    set_option(connected, "first_name", "two_way")
    row = synced_row(raw)
    real_host = connected.hostname
    edit_member(row.member, first_name="Offline")
    connected.hostname = "http://127.0.0.1:9"  # nothing listens: connection refused, like a stopped server
    db.session.commit()
    sync.run_push()
    db.session.expire_all()
    outbox = db.session.scalar(db.select(PushOutbox).filter_by(member_id=row.member_id)
                               .where(PushOutbox.status.in_(("pending", "sending"))))  # sending = in doubt
    assert outbox is not None and outbox.attempts >= 1
    assert "127.0.0.1" in (outbox.last_error or "")
    connected.hostname = real_host
    db.session.commit()
    sync.run_push()
    db.session.expire_all()
    assert db.session.get(PushOutbox, outbox.id).status == "sent"
    assert raw.user(row.ak_id)["first_name"] == "Offline"


def test_cycle_while_actionkit_is_down_fails_clearly_and_keeps_data(app, raw, sandbox, activated, connected):
    pushes_before = db.session.scalar(db.select(db.func.count()).select_from(PushOutbox))
    synced_before = sync.status_summary()["users"]["synced"]
    sandbox.stop()
    run_id = sync.start_cycle()
    db.session.commit()
    try:
        sync.run_cycle(run_id)
    except Exception:  # noqa: BLE001 - the run row must say what happened either way
        pass
    db.session.expire_all()
    run = db.session.get(SyncRun, run_id)
    assert run.status == "failed" and run.error
    assert sync.status_summary()["users"]["synced"] == synced_before
    assert db.session.scalar(db.select(db.func.count()).select_from(PushOutbox)) == pushes_before


def test_users_not_yet_scanned_are_not_reported_as_missing_a_phone(app, raw, sandbox, connected):
    run_id = sync.activate(connected.id)
    db.session.commit()
    run = db.session.get(SyncRun, run_id)
    run.status, run.counts = "running", {"ak_users": 300}
    db.session.commit()
    by_status = sync.status_summary()["users"]["by_status"]
    assert by_status.get("not_scanned") == 300 and by_status["no_phone"] == 0
    run.counts = {"ak_users": 300, "no_phone_unfetched": 120}
    connected.users_watermark = connected.phones_watermark = run.created_at  # the scan has finished
    db.session.commit()
    by_status = sync.status_summary()["users"]["by_status"]
    assert by_status["no_phone"] == 300 and "not_scanned" not in by_status
