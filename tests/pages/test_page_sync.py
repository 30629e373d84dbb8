"""Syncing and unsyncing a page: its group (a clear distinct name on a clash), the backfill, what unsync keeps."""
import time

import pytest

from jobs import sync
from jobs.sync.page_sync import PageSyncRefused
from jobs.sync.pages import request_page_sync, request_page_unsync
from webapp.extensions import db
from webapp.models import AkAction, Group
from webapp.store.groups import create_group, delete_group

from tests.pages.conftest import (actions_of, busiest_page, first_user_with, group_member_ids, page_named,
                                  post_action, run_jobs)


def test_a_group_of_another_kind_with_the_page_name_gets_a_distinct_name(app, activated):
    page = busiest_page()
    manual = create_group(page.name.upper())  # names clash case-insensitively
    db.session.commit()
    request_page_sync(page.id)
    db.session.commit()
    group = db.session.get(Group, page_named(page.name).group_id)
    assert group.id != manual.id and group.kind == "actionkit_page"
    assert group.name == f"{page.name} (ActionKit page)"
    assert group_member_ids(manual.id) == set()


def test_unsync_keeps_the_group_and_its_members_and_stops_processing(app, raw, synced_page):
    members = group_member_ids(synced_page.group_id)
    assert members
    request_page_unsync(synced_page.id)
    db.session.commit()
    assert group_member_ids(synced_page.group_id) == members
    action = post_action(raw, synced_page.name, first_user_with("synced").ak_id)
    sync.run_cycle()
    assert db.session.scalar(db.select(AkAction).filter_by(ak_id=action["id"])) is None  # not fetched any more


def test_a_synced_page_group_cannot_be_deleted(app, synced_page):
    refusal = delete_group(db.session.get(Group, synced_page.group_id))
    assert refusal and synced_page.name in refusal


def test_resync_reuses_the_group_and_backfills_what_arrived_meanwhile(app, raw, synced_page):
    group_id, before = synced_page.group_id, len(actions_of(synced_page))
    request_page_unsync(synced_page.id)
    db.session.commit()
    post_action(raw, synced_page.name, first_user_with("synced").ak_id)
    request_page_sync(synced_page.id)
    db.session.commit()
    run_jobs(app)
    page = page_named(synced_page.name)
    assert page.group_id == group_id and page.actions_watermark is not None
    rows = actions_of(page)
    assert len(rows) == before + 1 == page.action_count
    assert rows[-1].backfill and rows[-1].source == "backfill" and not rows[-1].fires_automations


def test_syncing_needs_an_active_integration(app, connected):
    from webapp.models import AkPage
    page = AkPage(integration_id=connected.id, ak_id=99, name="lonely", title="", type="Petition")
    db.session.add(page)
    db.session.commit()
    with pytest.raises(PageSyncRefused, match="Turn on Sync Accounts"):
        request_page_sync(page.id)


def test_an_unfinished_backfill_is_requested_again_by_the_cycle(app, raw, activated):
    page = busiest_page()
    request_page_sync(page.id)
    db.session.commit()
    from webapp.queues import get_queue
    get_queue().empty()  # the backfill job is lost before it runs
    sync.run_cycle()  # notices the synced page whose backfill never finished, and asks for it
    run_jobs(app)
    page = page_named(page.name)
    assert page.actions_watermark is not None
    assert len(actions_of(page)) == len(raw.all("action", page=page.ak_id))


def test_an_action_taken_after_the_sync_is_new_even_when_the_backfill_reads_it_first(app, raw, activated):
    """The backfill pages through the page's actions; one taken after staff synced it is not a past action."""
    from jobs.sync.pages import request_page_sync
    page = busiest_page()
    request_page_sync(page.id)
    db.session.commit()  # the backfill is queued, not run yet
    time.sleep(1.05)  # ActionKit's times have whole seconds: an action in the sync's own second counts as past
    acting = first_user_with("synced")
    taken = post_action(raw, page.name, acting.ak_id)
    run_jobs(app)
    row = db.session.scalar(db.select(AkAction).filter_by(ak_id=int(taken["id"])))
    assert (row.backfill, row.source, row.outcome, row.fires_automations) == (False, "poll", "added", True)
    past = [a for a in actions_of(page_named(page.name)) if a.ak_id != row.ak_id]
    assert past and all(a.backfill and a.source == "backfill" and not a.fires_automations for a in past)
