"""Reconnecting to a different ActionKit instance (item 11c): refused while syncing, confirmed when off."""
import pytest

from aksandbox.server import start_sandbox
from jobs import sync
from jobs.sync.connect import ConfirmSwitch
from tests.sync_jobs.conftest import run_jobs
from webapp.extensions import db
from webapp.models import AkPage, AkUser, Group, Integration, Member, PushOutbox, SyncRun
from webapp.secretbox import decrypt


@pytest.fixture
def other():
    """A second, different ActionKit instance (own users, own credentials)."""
    handle = start_sandbox(users=60, seed=23, username="other-staff", password="other-pass", records_per_minute=0)
    yield handle
    handle.stop()


def _count(model, **where):
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def _queue_pushes():
    """One pending and one failed push aimed at old-instance users, one already sent."""
    rows = db.session.scalars(db.select(AkUser).where(AkUser.member_id.is_not(None)).limit(3)).all()
    for row, status in zip(rows, ("pending", "failed", "sent")):
        db.session.add(PushOutbox(member_id=row.member_id, ak_user_id=row.ak_id, changes={"first_name": "X"},
                                  status=status))
    db.session.commit()


def test_switching_while_sync_is_on_is_refused_and_changes_nothing(app, activated, connected, other):
    linked = _count(AkUser)
    with pytest.raises(sync.ConnectError, match="Turn Sync Accounts off first"):
        sync.connect_instance(other.base_url, *other.auth)
    db.session.rollback()
    assert db.session.scalar(db.select(Integration)).hostname == connected.hostname
    assert _count(AkUser) == linked > 0
    assert other.state.stats.requests == 0  # refused before any call to the new instance


def test_same_host_with_a_new_password_keeps_everything_even_while_syncing(app, activated, connected, sandbox):
    linked, page = _count(AkUser), connected.import_page_name
    integration = sync.connect_instance(sandbox.base_url, *sandbox.auth)
    db.session.commit()
    assert integration.sync_enabled and integration.import_page_name == page and _count(AkUser) == linked


def test_switching_when_off_needs_confirmation_then_clears_only_sync_state(app, activated, connected, other):
    sent = _count(PushOutbox, status="sent")
    _queue_pushes()
    members, groups, linked = _count(Member), _count(Group), _count(AkUser)
    old_host, old_token = connected.hostname, connected.webhook_token
    sync.deactivate(connected.id)
    db.session.commit()
    with pytest.raises(ConfirmSwitch) as caught:
        sync.connect_instance(other.base_url, *other.auth)
    db.session.rollback()
    text = str(caught.value)
    assert f"{linked} scanned ActionKit users" in text and "2 pending or failed pushes" in text
    assert "Members, groups and their data are kept" in text
    assert _count(AkUser) == linked and db.session.scalar(db.select(Integration)).hostname == old_host

    integration = sync.connect_instance(other.base_url, *other.auth, confirm_switch=True)
    db.session.commit()
    assert integration.hostname == other.base_url and decrypt(integration.password_encrypted) == "other-pass"
    assert _count(AkUser) == 0 and _count(AkPage) == 0
    assert integration.users_watermark is None and integration.phones_watermark is None
    assert integration.import_page_id is None and integration.import_page_name is None
    assert integration.webhook_token != old_token
    assert _count(Member) == members and _count(Group) == groups
    cancelled = db.session.scalars(db.select(PushOutbox).filter_by(status="cancelled")).all()
    assert len(cancelled) == 2 and all(old_host in row.last_error for row in cancelled)
    assert _count(PushOutbox, status="sent") == sent + 1  # history stays


def test_after_a_switch_activation_links_the_new_instances_users(app, activated, connected, other):
    sync.deactivate(connected.id)
    db.session.commit()
    integration = sync.connect_instance(other.base_url, *other.auth, confirm_switch=True)
    integration.opt_in_field = "sms_opt_in"
    db.session.commit()
    run_id = sync.activate(integration.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done", run.error
    other_ids = {row[0] for row in other.store.db.query("SELECT id FROM users")}
    linked = set(db.session.scalars(db.select(AkUser.ak_id)))
    assert linked and linked <= other_ids
    page = other.store.page_by_name(db.session.get(Integration, integration.id).import_page_name)
    assert page is not None  # the import page now exists on the new instance
