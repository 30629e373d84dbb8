"""Activation against a live seeded sandbox: exact status counts, members, groups, budget, progress."""
from jobs import sync
from tests.sync_jobs.conftest import SEED_USERS, run_jobs
from tests.sync_jobs.expect import expected_statuses, status_counter
from webapp.extensions import db
from webapp.models import AkUser, Group, GroupMembership, Member, SyncEvent, SyncRun


def test_status_counts_match_the_seed_exactly(app, raw, activated):
    expected = status_counter(expected_statuses(raw))
    summary = sync.status_summary()
    by_status = summary["users"]["by_status"]
    assert summary["active"] is True
    assert summary["users"]["total"] == SEED_USERS
    for status in ("synced", "no_phone", "invalid_phone", "no_opt_in", "duplicate_phone"):
        assert by_status[status] == expected.get(status, 0), status
    assert by_status["error"] == 0
    assert sum(by_status.values()) == SEED_USERS
    assert expected["synced"] > 100 and expected["duplicate_phone"] >= 1  # the seed exercises the rules


def test_each_synced_user_links_the_member_with_its_phone(app, raw, activated):
    expected = expected_statuses(raw)
    rows = {row.ak_id: row for row in db.session.scalars(db.select(AkUser))}
    for ak_id, (status, e164) in expected.items():
        if status == "synced":
            assert rows[ak_id].status == "synced"
            assert rows[ak_id].member.phone == e164
            assert rows[ak_id].member.source == "actionkit"
        elif status == "duplicate_phone":
            assert rows[ak_id].status == "duplicate_phone" and rows[ak_id].member_id is None
    synced = sum(1 for status, _ in expected.values() if status == "synced")
    assert db.session.scalar(db.select(db.func.count(Member.id))) == synced
    group = db.session.scalar(db.select(Group).filter_by(kind="actionkit_primary"))
    assert group.name == "ActionKit Integration"
    members_in_group = db.session.scalar(db.select(db.func.count()).select_from(GroupMembership)
                                         .filter_by(group_id=group.id))
    assert members_in_group == synced


def test_new_members_start_with_all_mapped_values(app, raw, activated):
    row = db.session.scalar(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id))
    user = raw.user(row.ak_id)
    member = row.member
    assert (member.first_name, member.last_name, member.email) == (user["first_name"], user["last_name"],
                                                                  user["email"])
    assert (member.zip or "") == user["zip"][:5]
    events = db.session.scalars(db.select(SyncEvent).filter_by(member_id=member.id, source="creation"))
    assert {"first_name", "subscribed"} <= {event.field for event in events}


def test_scan_records_every_user_and_reports_progress(app, raw, sandbox, activated):
    run = db.session.get(SyncRun, activated)
    assert run.status == "done", run.error
    phones = len([p for p in raw.all("phone") if p["type"] in ("mobile", "work", "home")])
    assert db.session.scalar(db.select(db.func.count(AkUser.id))) == SEED_USERS  # every user has its row
    assert run.work_done == run.work_total == 2 * phones + SEED_USERS  # sized in records: phones, owners, users
    progress = sync.run_progress(run.id)
    assert progress["percent"] == 100.0 and progress["rate"] > 0 and progress["eta_seconds"] == 0
    assert run.records_spent > 0 and run.counts["created"] == sync.status_summary()["members"]


def test_unknown_opt_in_starts_unsubscribed_and_is_written_back(app, raw, activated):
    from webapp.rules import OptIn, parse_opt_in
    rows = db.session.scalars(db.select(AkUser).filter_by(status="synced"))
    unknown = [row for row in rows if parse_opt_in(row.opt_in_raw) is OptIn.UNKNOWN]
    assert unknown
    for row in unknown[:5]:
        assert row.member.subscribed is False
        assert raw.user(row.ak_id)["fields"]["sms_opt_in"] == "false"


def test_existing_member_is_linked_and_its_opt_in_wins(app, raw, connected):
    expected = expected_statuses(raw)
    from webapp.rules import parse_opt_in
    ak_id, e164 = next((i, p) for i, (s, p) in sorted(expected.items())
                       if s == "synced" and parse_opt_in(raw.user(i)["fields"].get("sms_opt_in")).as_bool())
    member = Member(phone=e164, first_name="Kept", subscribed=False, source="manual")
    db.session.add(member)
    db.session.commit()
    sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    row = db.session.scalar(db.select(AkUser).filter_by(ak_id=ak_id))
    assert row.member_id == member.id and db.session.get(Member, member.id).source == "manual"
    assert db.session.get(Member, member.id).subscribed is False
    assert db.session.get(Member, member.id).first_name == "Kept"  # populate: both set, no overwrite
    assert raw.user(ak_id)["fields"]["sms_opt_in"] == "false"
    event = db.session.scalar(db.select(SyncEvent).filter_by(member_id=member.id, field="subscribed",
                                                              direction="to_actionkit"))
    assert event.outcome == "applied" and "first link" in event.rule


def test_activation_problems_name_what_is_missing(app, connected):
    connected.opt_in_field = None
    assert any("opt-in" in p for p in sync.activation_problems(connected))
    connected.opt_in_field = "sms_opt_in"
    assert sync.activation_problems(connected) == []


def test_progress_only_moves_forward_and_names_each_phase(app, connected, monkeypatch):
    from jobs.sync import scan
    seen, original = [], scan.checkpoint

    def watching(ctx):
        seen.append((ctx.run.work_done, ctx.run.work_total, (ctx.run.counts or {}).get("phase")))
        original(ctx)
    monkeypatch.setattr(scan, "checkpoint", watching)
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    assert db.session.get(SyncRun, run_id).status == "done"
    totals = {total for _, total, _ in seen}
    assert len(totals) == 1  # sized once, up front
    percents = [done / total for done, total, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 1.0
    phases = [phase for _, _, phase in seen if phase]
    assert list(dict.fromkeys(phases)) == list(scan.PHASES)


def test_the_users_tab_lists_users_without_a_phone(app, activated, auth_client):
    rows = list(db.session.scalars(db.select(AkUser).filter_by(status="no_phone").order_by(AkUser.ak_id)))
    assert rows and all(row.email for row in rows[:3])
    page = auth_client.get("/actionkit/users?status=no_phone").get_data(as_text=True)
    assert rows[0].email in page and "No phone of the chosen types" in page


def test_the_write_backs_and_the_page_fetch_name_their_phase(app, connected, monkeypatch):
    """After the scan the bar is full but the run goes on: the phase beside it says what it is doing."""
    from jobs.sync import pages, push
    phases = []

    def sending(ctx, *args):
        phases.append(ctx.run.counts["phase"])
        return original_send(ctx, *args)

    def fetching(ctx):
        phases.append(ctx.run.counts["phase"])
        return original_fetch(ctx)
    original_send, original_fetch = push.send_update, pages.fetch_pages
    monkeypatch.setattr(push, "send_update", sending)
    monkeypatch.setattr(pages, "fetch_pages", fetching)
    sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    assert phases[0].startswith("Sending ") and phases[0].endswith(" change(s) to ActionKit")
    assert phases[-1] == "Fetching ActionKit pages"
