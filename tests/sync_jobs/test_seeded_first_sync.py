"""The embedded mode's seeded member list makes a first sync link, keep conflicts and write opt-ins back."""
from jobs import sync
from tests.sync_jobs.conftest import run_jobs
from webapp.devseed import seed_members
from webapp.extensions import db
from webapp.models import AkUser, Member, SyncEvent, SyncRun
from webapp.store.sync_ledger import TO_ACTIONKIT
from webapp.rules import parse_opt_in


def _activate(app, sandbox):
    """Connect the way a newcomer does after start-up (the list is already seeded), then activate."""
    integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
    integration.opt_in_field = "sms_opt_in"
    db.session.commit()
    run_id = sync.activate(integration.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done", run.error
    return run


def test_first_sync_links_every_overlapping_member_and_writes_opt_ins_back(app, raw, sandbox):
    app.config["KITBRIDGE_EMBEDDED"] = True
    report = seed_members(app, sandbox.store, "sms_opt_in")
    other_opt_ins = report.categories["opted_out_here"] + report.categories["opted_in_here"]
    assert report.overlapping >= 100 and other_opt_ins == 35 and report.categories["other_name"] == 25
    run = _activate(app, sandbox)
    linked_seeded = [row for row in db.session.scalars(db.select(AkUser).filter_by(status="synced"))
                     if row.member.source != "actionkit"]
    assert len(linked_seeded) == report.overlapping == run.counts["linked"]
    for row in linked_seeded:  # on a first link the member's opt-in wins and is written to ActionKit
        fields = raw.user(row.ak_id)["fields"]
        assert parse_opt_in(fields.get("sms_opt_in")).as_bool() == row.member.subscribed, row.ak_id
    written = db.session.scalar(db.select(db.func.count(SyncEvent.id)).filter_by(
        direction=TO_ACTIONKIT, field="subscribed"))
    assert written == other_opt_ins
    created = db.session.scalar(db.select(db.func.count(Member.id)).filter_by(source="actionkit"))
    assert created == run.counts["created"] and created + report.seeded == db.session.scalar(
        db.select(db.func.count(Member.id)))

