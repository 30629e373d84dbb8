"""No phone type chosen: the sync uses the defaults mobile, work, home instead of refusing to activate."""
from jobs import sync
from tests.sync_jobs.conftest import SEED_USERS, run_jobs
from tests.sync_jobs.expect import expected_statuses, status_counter
from webapp.extensions import db
from webapp.models import AkUser, SyncRun
from webapp.store.integration_settings import apply_settings


def test_none_chosen_activates_and_syncs_with_the_default_types(app, raw, connected):
    apply_settings(connected, phone_types="")
    db.session.commit()
    assert connected.phone_types == "" and sync.activation_problems(connected) == []
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done", run.error
    expected = status_counter(expected_statuses(raw, types=("mobile", "work", "home")))
    by_status = sync.status_summary()["users"]["by_status"]
    assert {status: by_status.get(status, 0) for status in expected} == dict(expected)
    assert sum(by_status.values()) == SEED_USERS
    synced_types = set(db.session.scalars(db.select(AkUser.phone_type).filter_by(status="synced")))
    assert synced_types == {"mobile", "work", "home"}  # every default type counted, not just the first
