"""Hostile or broken ActionKit data: NUL bytes are scrubbed, and one record the database refuses never stops a cycle."""
import time

from tests.sync_jobs.helpers import cycle
from webapp.extensions import db
from webapp.models import AkUser, Member, SyncRun


def _synced_rows(count):
    return list(db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id).limit(count)))


def _touch(raw, rows, **values):
    for row in rows:
        raw.patch_user(row.ak_id, values)


def test_a_nul_byte_from_a_public_form_is_scrubbed_and_the_cycle_goes_on(app, raw, activated, connected):
    evil, later = _synced_rows(2)
    raw.patch_user(evil.ak_id, {"first_name": "", "last_name": "Ev\u0000il\u0007"})
    raw.patch_user(later.ak_id, {"city": ""})  # another change in the same cycle still lands
    run = db.session.get(SyncRun, cycle())
    assert run.status == "done", run.error
    row = db.session.get(AkUser, evil.id)
    assert row.status == "synced" and "\x00" not in (row.last_name or "")
    assert db.session.get(Member, evil.member_id).last_name in ("Evil", evil.member.last_name)


def test_one_record_the_database_refuses_is_marked_error_and_the_rest_sync(app, raw, activated, connected):
    """On PostgreSQL a 300-character last name does not fit its column: that user alone is an error."""
    from tests.sync_jobs.helpers import set_option
    set_option(connected, "last_name", "one_way_to_member")
    bad, good = _synced_rows(2)
    bad_member = bad.member_id
    time.sleep(1.1)
    raw.patch_user(bad.ak_id, {"last_name": "L" * 300})
    raw.patch_user(good.ak_id, {"last_name": "Fits"})
    run = db.session.get(SyncRun, cycle())
    assert run.status == "done", run.error
    assert db.session.get(Member, good.member_id).last_name == "Fits"
    row = db.session.get(AkUser, bad.id)
    if db.engine.dialect.name == "postgresql":
        assert row.status == "error" and "too long" in row.reason
        assert db.session.get(Member, bad_member).last_name != "L" * 300
    else:  # SQLite does not enforce lengths: the value is simply stored
        assert row.status == "synced"


def test_a_refused_record_in_the_first_page_of_an_activation_leaves_the_others_syncing(app, raw, connected):
    """The primary group is created in the first page; a refused page's rollback must not leave it cached."""
    from collections import Counter

    from jobs import sync
    from tests.sync_jobs.conftest import run_jobs
    from tests.sync_jobs.expect import expected_statuses, status_counter
    owners = sorted(ak_id for ak_id, (status, _) in expected_statuses(raw).items() if status == "synced")
    raw.patch_user(owners[3], {"last_name": "L" * 300})
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    assert db.session.get(SyncRun, run_id).status == "done"
    statuses = Counter(row.status for row in db.session.scalars(db.select(AkUser)))
    refused = 1 if db.engine.dialect.name == "postgresql" else 0  # SQLite does not enforce lengths
    assert statuses["error"] == refused
    assert statuses["synced"] == status_counter(expected_statuses(raw))["synced"] - refused
