"""Each member edit reaches ActionKit exactly once: across cycles, a fetch that sees the user, and restarts."""
from collections import Counter

from jobs import sync
from tests.sync_jobs.helpers import cycle, edit_member, set_option
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox


def _import_actions(raw, connected):
    """{ak user id: number of actions on the import page}."""
    db.session.refresh(connected)
    actions = raw.all("action", page=connected.import_page_id)
    return Counter(int(a["user"].rstrip("/").rsplit("/", 1)[-1]) for a in actions)


def _edited_rows(count):
    rows = list(db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id).limit(count)))
    for index, row in enumerate(rows):
        edit_member(row.member, first_name=f"Edited{index}")
    return rows


def test_an_edit_the_fetch_also_sees_is_pushed_once(app, raw, activated, connected):
    set_option(connected, "first_name", "two_way")
    cycle()
    before = _import_actions(raw, connected)
    rows = _edited_rows(20)
    for row in rows:  # ActionKit-side activity on the same users: the cycle's fetch reads them again
        raw.patch_user(row.ak_id, {"middle_name": "touched"})
    cycle()
    cycle()
    after = _import_actions(raw, connected)
    sent = {row.ak_id: after[row.ak_id] - before[row.ak_id] for row in rows}
    assert sent == {row.ak_id: 1 for row in rows}
    assert all(raw.user(row.ak_id)["first_name"].startswith("Edited") for row in rows)


def _crash_after_the_next_send(monkeypatch):
    """The worker dies right after ActionKit took the action, before the outbox row was marked sent."""
    from jobs.sync import push

    def crash_after_send(ctx, akuser, member, changes, former):
        original(ctx, akuser, member, changes, former)
        raise SystemExit("worker killed after ActionKit took the action")
    original = push.send_update
    monkeypatch.setattr(push, "send_update", crash_after_send)


def _killed_mid_send_then_synced(monkeypatch, run):
    """Run `run` with a worker that dies right after its first POST, then sync again as a new worker would."""
    _crash_after_the_next_send(monkeypatch)
    try:
        run()
    except SystemExit:
        pass
    db.session.rollback()
    monkeypatch.undo()
    cycle()


def test_a_decided_push_interrupted_after_sending_is_not_sent_again(app, raw, activated, connected, monkeypatch):
    row = next(r for r in db.session.scalars(db.select(AkUser).filter_by(status="synced")) if r.member.city)
    raw.patch_user(row.ak_id, {"city": ""})  # populate: the member's city fills ActionKit's blank
    before = _import_actions(raw, connected)
    _killed_mid_send_then_synced(monkeypatch, cycle)
    after = _import_actions(raw, connected)
    assert after[row.ak_id] - before[row.ak_id] == 1
    assert raw.user(row.ak_id)["city"] == row.member.city
    statuses = {o.status for o in db.session.scalars(db.select(PushOutbox).filter_by(member_id=row.member_id))}
    assert statuses <= {"sent", "skipped"}


def test_an_edit_interrupted_after_sending_is_not_sent_again(app, raw, activated, connected, monkeypatch):
    set_option(connected, "first_name", "two_way")
    cycle()
    row = _edited_rows(1)[0]
    before = _import_actions(raw, connected)
    _killed_mid_send_then_synced(monkeypatch, sync.run_push)
    after = _import_actions(raw, connected)
    assert after[row.ak_id] - before[row.ak_id] == 1
    outbox = db.session.scalars(db.select(PushOutbox).filter_by(member_id=row.member_id)).all()
    assert [o.status for o in outbox if o.status not in ("sent", "skipped")] == []


def _sent_count():
    """Outbox rows sent so far."""
    return db.session.scalar(db.select(db.func.count(PushOutbox.id)).filter_by(status="sent"))


def test_a_run_that_loses_actionkit_mid_drain_is_not_done(app, raw, activated, connected, monkeypatch):
    from jobs.sync import push
    from webapp.models import SyncRun
    set_option(connected, "first_name", "two_way")
    cycle()
    sent_before = _sent_count()
    _edited_rows(12)
    sends = {"n": 0}

    def outage_after_five(ctx, akuser, member, changes, former):
        sends["n"] += 1
        if sends["n"] == 6:
            raw.config(fail_rate=1.0)
        original(ctx, akuser, member, changes, former)
    original = push.send_update
    monkeypatch.setattr(push, "send_update", outage_after_five)
    run = db.session.get(SyncRun, cycle())
    raw.config(fail_rate=0.0)
    assert run.status == "failed"
    assert "7 change(s) still waiting" in run.error
    assert _sent_count() - sent_before == 5
    monkeypatch.undo()
    run = db.session.get(SyncRun, cycle())
    assert run.status == "done"
    assert sync.status_summary()["outbox"]["pending"] == 0
