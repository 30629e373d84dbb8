"""Consent invariant: a first sync never turns a recognized ActionKit opt-in into something else.

The first full sync may come through the regular cycle (after an activation that failed), where
users arrive ordered by updated_at, not by id. The lower-id holder of a shared phone must still own
it, and a member's opt-in that came from another ActionKit user must never be written to this one.
"""
import time

from jobs import sync
from tests.sync_jobs.conftest import run_jobs
from tests.sync_jobs.expect import expected_statuses
from tests.sync_jobs.helpers import cycle
from webapp.extensions import db
from webapp.models import AkUser, Member, SyncRun
from webapp.rules import parse_opt_in


def _opt_ins(raw):
    return {u["id"]: (u.get("fields") or {}).get("sms_opt_in") for u in raw.all("user")}


def _recognized(values):
    return {ak_id: value for ak_id, value in values.items() if parse_opt_in(value).as_bool() is not None}


def _shared_phone_holders(raw):
    """{e164: [ak ids, lowest first]} of eligible users sharing a phone (per the documented rules)."""
    holders = {}
    for ak_id, (status, e164) in expected_statuses(raw).items():
        if status in ("synced", "duplicate_phone"):
            holders.setdefault(e164, []).append(ak_id)
    return {e164: sorted(ids) for e164, ids in holders.items() if len(ids) > 1}


OPPOSITES = (("f", "true"), ("yes", "no"), ("opt-out", "1"))


def _make_higher_ids_arrive_first(raw, shared):
    """Give some shared phones opposite opt-ins, then touch the higher-id holders first and (a second
    later) the lowest-id ones: ordered by updated_at, the wrong holder arrives first."""
    for index, ids in enumerate(shared.values()):
        low, high = OPPOSITES[index] if index < len(OPPOSITES) else (None, None)
        for ak_id in ids[1:]:
            raw.patch_user(ak_id, {"middle_name": "later-id", **({"fields": {"sms_opt_in": high}} if high else {})})
    time.sleep(1.1)
    for index, ids in enumerate(shared.values()):
        low = OPPOSITES[index][0] if index < len(OPPOSITES) else None
        raw.patch_user(ids[0], {"middle_name": "lowest-id", **({"fields": {"sms_opt_in": low}} if low else {})})


def _conflicting_pairs(raw, shared, values):
    """Shared phones whose holders disagree on a recognized opt-in: the case that used to flip consent."""
    out = []
    for ids in shared.values():
        parsed = {parse_opt_in(values[i]).as_bool() for i in ids}
        if len(parsed - {None}) > 1:
            out.append(ids)
    return out


def _fail_activation(app, raw, connected, monkeypatch):
    """An activation that made the import page, then lost ActionKit while collecting phones."""
    from webapp.actionkit import ServerError

    def outage(ctx, *args, **kwargs):
        raise ServerError(message="ActionKit had a server error (503)")
    monkeypatch.setattr("jobs.sync.scan.collect_phones", outage)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    monkeypatch.undo()
    assert db.session.get(SyncRun, run_id).status == "failed"
    return run_id


def test_first_sync_through_a_cycle_never_changes_a_recognized_opt_in(app, raw, connected, monkeypatch):
    shared = _shared_phone_holders(raw)
    assert len(shared) >= 3, "the seed must hold shared phones"
    _make_higher_ids_arrive_first(raw, shared)
    before = _opt_ins(raw)
    assert _conflicting_pairs(raw, shared, before)
    _fail_activation(app, raw, connected, monkeypatch)
    cycle()
    cycle()
    after = _opt_ins(raw)
    changed = {ak_id: (value, after[ak_id]) for ak_id, value in _recognized(before).items()
               if after[ak_id] != value}
    assert changed == {}


def test_lowest_id_owns_a_shared_phone_whatever_the_arrival_order(app, raw, connected, monkeypatch):
    shared = _shared_phone_holders(raw)
    _make_higher_ids_arrive_first(raw, shared)
    values = _opt_ins(raw)
    _fail_activation(app, raw, connected, monkeypatch)
    cycle()
    rows = {row.ak_id: row for row in db.session.scalars(db.select(AkUser))}
    for e164, ids in shared.items():
        assert rows[ids[0]].status == "synced", e164
        assert all(rows[i].status == "duplicate_phone" for i in ids[1:]), e164
        member = db.session.scalar(db.select(Member).filter_by(phone=e164))
        owner_opt_in = parse_opt_in(values[ids[0]]).as_bool()
        assert member.subscribed == bool(owner_opt_in), e164



def _post_phone(raw, ak_id, number):
    response = raw.session.post(raw.handle.url("/rest/v1/phone/"), timeout=10,
                                json={"user": f"/rest/v1/user/{ak_id}/", "phone": number, "type": "mobile"})
    assert response.status_code == 201, response.text


def _unlinked_lower_user(raw, below, opt_in):
    """A user with a lower id than `below`, never synced (no phone), given a recognized opt-in."""
    expected = expected_statuses(raw)
    ak_id = next(i for i, (status, _) in sorted(expected.items()) if i < below and status == "no_phone")
    raw.patch_user(ak_id, {"fields": {"sms_opt_in": opt_in}})
    return ak_id


def test_a_lower_id_taking_over_a_phone_keeps_its_own_opt_in(app, raw, activated):
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id.desc()))
    high = next(r for r in rows if r.member.subscribed)
    member_id, phone = high.member_id, high.phone_e164
    low = _unlinked_lower_user(raw, high.ak_id, "no")
    time.sleep(1.1)  # the new phone's version must settle past the watermark's second
    _post_phone(raw, low, phone)
    cycle()
    rows = {r.ak_id: r for r in db.session.scalars(db.select(AkUser).where(AkUser.ak_id.in_((low, high.ak_id))))}
    assert rows[low].status == "synced" and rows[low].member_id == member_id
    assert rows[high.ak_id].status == "duplicate_phone"
    assert raw.user(low)["fields"]["sms_opt_in"] == "no"
    assert db.session.get(Member, member_id).subscribed is False


def test_a_takeover_keeps_a_member_status_staff_set(app, raw, activated):
    from tests.sync_jobs.helpers import edit_member
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id.desc()))
    high = next(r for r in rows if not r.member.subscribed)
    member, phone = high.member, high.phone_e164
    edit_member(member, subscribed=True)  # the member's own consent, not another user's
    cycle()
    low = _unlinked_lower_user(raw, high.ak_id, "no")
    time.sleep(1.1)
    _post_phone(raw, low, phone)
    cycle()
    assert db.session.get(Member, member.id).subscribed is True
    assert raw.user(low)["fields"]["sms_opt_in"] == "true"  # first link: the member's own status wins


def test_a_failed_scan_shows_unread_users_as_not_scanned_until_it_is_resumed(app, raw, connected, monkeypatch):
    from webapp.actionkit import ServerError
    from tests.sync_jobs.conftest import SEED_USERS
    from jobs.sync import scan
    calls, original = {"n": 0}, scan.link_users

    def outage_on_second_batch(ctx, users, phones):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ServerError(message="ActionKit had a server error (503)")
        return original(ctx, users, phones)
    monkeypatch.setattr("jobs.sync.scan.link_users", outage_on_second_batch)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    monkeypatch.undo()
    failed = db.session.get(SyncRun, run_id)
    assert failed.status == "failed" and failed.counts["scan_after_id"] > 0
    by_status = sync.status_summary()["users"]["by_status"]
    assert by_status.get("not_scanned", 0) > 0 and by_status.get("no_phone", 0) == 0
    linked = []
    monkeypatch.setattr("jobs.sync.scan.link_users", lambda ctx, users, phones: (
        linked.extend(users) if phones else None) or original(ctx, users, phones))  # phone owners only
    run = db.session.get(SyncRun, cycle())
    assert run.kind == "activation" and run.status == "done" and run.counts["resumed_from"] == run_id
    assert min(int(u["id"]) for u in linked) > failed.counts["scan_after_id"]  # committed batches are not redone
    expected = expected_statuses(raw)
    rows = {r.ak_id: r.status for r in db.session.scalars(db.select(AkUser))}
    assert {i: s for i, (s, _) in expected.items() if s != "no_phone"} == {i: s for i, s in rows.items() if s != "no_phone"}
    by_status = sync.status_summary()["users"]["by_status"]
    assert "not_scanned" not in by_status and sum(by_status.values()) == SEED_USERS


def test_a_worker_that_lost_its_lease_writes_nothing_more(app, raw, connected, monkeypatch):
    from jobs.sync import scan
    original, batches = scan.link_users, []

    def lose_the_lease(ctx, users, phones):
        batches.append(len(users))
        ctx.lock.lost = True  # as the heartbeat does when the lease expired under a long pause
        return original(ctx, users, phones)
    monkeypatch.setattr("jobs.sync.scan.link_users", lose_the_lease)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "running" and "scan_after_id" not in run.counts  # left to the watchdog to resume
    assert batches == [100] and db.session.scalar(db.select(db.func.count(AkUser.id))) == 0
