"""Syncing a page: its group, and the backfill of its past actions; unsyncing keeps group and members.

A page's `actions_watermark` is None until its backfill has read every action once: a cycle re-requests the
backfill of a synced page still without one (a lost worker, a failed run), and the job resumes cheaply
because stored actions are never processed twice.
"""
from webapp.extensions import db
from webapp.models import AkPage, Group, utcnow
from webapp.queues import job_key
from webapp.store.ak_actions import rows_by_ids
from webapp.store.ak_pages import refresh_stored_counts
from webapp.store.groups import create_group
from webapp.store.integration import get_active_integration
from webapp.store.names import find_by_name

from jobs import enqueue
from jobs.locks import cycle_lock
from jobs.sync import runs
from jobs.sync.actions import process_actions, requeue_if_pending, take_actions
from jobs.sync.activation import LOCK_WAIT_SECONDS
from jobs.sync.cycle import settle_margin
from jobs.sync.harness import checkpoint, execute
from jobs.sync.jobqueue import LOCK_NAME, after_commit

PAGE_KIND = "actionkit_page"
GROUP_NAME_MAX = 200
BACKFILL_TIMEOUT = 6 * 3600


class PageSyncRefused(ValueError):
    """Why a page cannot be synced now (str() is the sentence staff see)."""


def request_page_sync(page_row_id):
    """Mark the page synced, give it its group and queue the backfill; returns the page. Caller commits."""
    page = db.session.get(AkPage, page_row_id)
    if page is None:
        raise PageSyncRefused("That page is not among the pages fetched from ActionKit.")
    integration = get_active_integration()
    if integration is None or integration.id != page.integration_id:
        raise PageSyncRefused("Turn on Sync Accounts first: a page syncs only while the integration is active.")
    if not page.synced:
        page.synced, page.synced_at = True, utcnow()
        page.actions_watermark = None  # its backfill reads every past action again
    if integration.actions_watermark is None:  # the cycle's walk starts here: the backfill reads what is older
        integration.actions_watermark = utcnow() - settle_margin()
    page.group_id = page_group(page).id
    db.session.flush()
    after_commit(run_page_backfill, page.id, job_id=backfill_job_id(page.id), job_timeout=BACKFILL_TIMEOUT)
    return page


def request_page_unsync(page_row_id):
    """Stop feeding the page's group (group and members stay); returns the page or None. Caller commits."""
    page = db.session.get(AkPage, page_row_id)
    if page is None:
        return None
    page.synced = False
    db.session.flush()
    return page


def page_group(page):
    """The page's group: its own (kept from an earlier sync), a page group of its name, or a new one."""
    group = db.session.get(Group, page.group_id) if page.group_id else None
    if group is not None:
        return group
    name = (page.name or f"ActionKit page {page.ak_id}")[:GROUP_NAME_MAX]
    same = find_by_name(Group, name)
    if same is not None and same.kind == PAGE_KIND and not _fed_by_other_page(same, page):
        return same
    return create_group(_free_name(name) if same is not None else name, kind=PAGE_KIND)


def _fed_by_other_page(group, page):
    """True when another stored page already feeds this group."""
    return db.session.scalar(db.select(AkPage.id).where(AkPage.group_id == group.id, AkPage.id != page.id)
                             .limit(1)) is not None


def _free_name(name):
    """A distinct name saying where the group comes from, e.g. "signup (ActionKit page 2)"."""
    for number in range(1, 1000):
        suffix = " (ActionKit page)" if number == 1 else f" (ActionKit page {number})"
        candidate = name[:GROUP_NAME_MAX - len(suffix)] + suffix
        if find_by_name(Group, candidate) is None:
            return candidate
    raise PageSyncRefused(f"No free group name is left for page “{name}”; rename some groups first.")


def backfill_job_id(page_row_id):
    """One backfill job per page at a time."""
    return job_key(None, "sync-backfill", page_row_id)


def request_backfills_unfinished(integration_id):
    """Queue the backfill of every synced page whose backfill never finished (its job reused when live)."""
    query = db.select(AkPage.id).filter_by(integration_id=integration_id, synced=True, actions_watermark=None)
    for page_id in db.session.scalars(query):
        enqueue(run_page_backfill, page_id, job_id=backfill_job_id(page_id), job_timeout=BACKFILL_TIMEOUT)


def run_page_backfill(page_row_id):
    """The job: every past action of a synced page, stored as backfill and processed, under the lock lease."""
    page = db.session.get(AkPage, page_row_id)
    integration = get_active_integration()
    if page is None or not page.synced or integration is None or integration.id != page.integration_id:
        return None
    run = runs.new_run(integration.id, "backfill")
    db.session.commit()
    with cycle_lock(LOCK_NAME, run_id=run.id, wait=LOCK_WAIT_SECONDS) as lock:
        if lock is None:
            runs.finish(run, "failed", "Another sync run held the lock for longer than a cycle may run; "
                        "the next cycle asks for this backfill again.")
            db.session.commit()
            return None
        run_id = execute(run, integration, lambda ctx: backfill_page(ctx, page_row_id), lock)
    requeue_if_pending(integration.id)
    return run_id


def backfill_page(ctx, page_row_id):
    """Read the page's actions in id order, a batch per commit; its watermark marks the backfill done."""
    page = db.session.get(AkPage, page_row_id)
    if page is None or not page.synced:
        return
    started = utcnow()
    for actions in ctx.client.iter_action_batches(order_by="id", page=page.ak_id):
        rows = [row.id for row in take_actions(ctx, actions, "backfill")]
        checkpoint(ctx)
        process_actions(ctx, rows_by_ids(rows))
        runs.add_work(ctx.run, total=len(actions), done=len(actions))
        checkpoint(ctx)
    page = db.session.get(AkPage, page_row_id)
    refresh_stored_counts(ctx.integration_id)
    if page is not None and page.synced:
        page.actions_watermark = started
    checkpoint(ctx)

