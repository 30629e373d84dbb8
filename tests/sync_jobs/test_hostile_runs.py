"""A run that meets a malformed ActionKit answer fails with that reason and unlinks nobody (item 8)."""
import pytest

from jobs import sync
from tests.sync_jobs.helpers import cycle
from webapp.extensions import db
from webapp.models import AkUser, SyncRun


def _links():
    """(ak_id, status, member_id) of every scanned user."""
    return sorted(db.session.execute(db.select(AkUser.ak_id, AkUser.status, AkUser.member_id)).all())


def _touch_synced_users(raw, count=30):
    """Edit some linked users in ActionKit so the next cycle re-reads them and their phones."""
    ids = db.session.scalars(db.select(AkUser.ak_id).filter_by(status="synced").order_by(AkUser.ak_id)
                             .limit(count)).all()
    for ak_id in ids:
        raw.patch_user(ak_id, {"city": "Elsewhere"})
    return ids


@pytest.mark.parametrize("mode", ["malformed_phones", "phones_without_number"])
def test_cycle_meeting_malformed_phones_fails_and_keeps_every_link(app, raw, activated, mode):
    assert _touch_synced_users(raw)
    before = _links()
    raw.config(fault_mode=mode)
    run = db.session.get(SyncRun, cycle())
    assert run.status == "failed"
    assert "MalformedAnswer" in run.error and "ActionKit sent a malformed answer to GET /rest/v1/phone/" in run.error
    assert _links() == before


def test_cycle_meeting_an_html_page_fails_with_that_reason(app, raw, activated):
    before = _links()
    raw.config(fault_mode="html")
    run = db.session.get(SyncRun, cycle())
    assert run.status == "failed" and "an HTML page instead of JSON" in run.error
    assert _links() == before


def test_activation_meeting_a_next_loop_fails_instead_of_hanging(app, raw, connected):
    from tests.sync_jobs.conftest import run_jobs
    raw.config(fault_mode="next_loop")
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "failed" and "already read" in run.error
