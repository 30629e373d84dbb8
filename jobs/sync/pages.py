"""Pages and the actions of synced pages, fetched by updated_at with the cycle's settled-watermark walk.

Pages: at activation (after the scan) and every cycle. A page that is new or changed and not synced gets
ActionKit's action count (one `_limit=1` read); a synced page counts its stored actions, so an idle cycle
spends one request on pages, however many there are. Actions: one walk over ALL synced pages (`page__in`)
after the actions watermark, each batch stored (deduped) and processed, so a silent webhook loses nothing.
"""
from webapp.extensions import db
from webapp.models import AkPage, utcnow
from webapp.rules import scrub
from webapp.store.ak_actions import rows_by_ids
from webapp.store.ak_pages import pages_by_ak_id, refresh_stored_counts, synced_pages

from jobs.sync import runs
from jobs.sync.actions import process_actions, process_all_pending, take_actions
from jobs.sync.context import ak_time
from jobs.sync.cycle import after, settle_margin, walk
from jobs.sync.harness import checkpoint
from jobs.sync.page_sync import request_backfills_unfinished, request_page_sync, request_page_unsync

__all__ = ["fetch_pages", "fetch_actions", "request_page_sync", "request_page_unsync", "refresh_stored_counts"]


def fetch_pages(ctx):
    """Pages updated since the pages watermark: stored, and counted when new or changed and unsynced."""
    def handle(pages):
        """Store the batch; count actions of the unsynced pages it changed."""
        for row in store_pages(ctx, pages):
            if not row.synced:
                row.action_count = ctx.client.count_actions(row.ak_id)

    def batches(since, inclusive):
        """Pages by updated_at after the given second."""
        return ctx.client.iter_page_batches(order_by="updated_at", **after(since, inclusive))

    for watermark in walk(batches, ctx.integration.pages_watermark, handle):
        ctx.integration.pages_watermark = watermark
        checkpoint(ctx)


def store_pages(ctx, pages):
    """Insert or update the batch's pages; returns the rows that are new or changed since last read."""
    pages = [p for p in scrub(pages) if isinstance(p, dict) and str(p.get("id", "")).isdigit()]
    known = pages_by_ak_id(ctx.integration_id, [int(p["id"]) for p in pages])
    changed = []
    for page in pages:
        row = known.get(int(page["id"]))
        if row is None:
            row = known[int(page["id"])] = AkPage(integration_id=ctx.integration_id, ak_id=int(page["id"]),
                                                 synced=False, action_count=0)
            db.session.add(row)
        elif row.ak_updated_at == ak_time(page.get("updated_at")):
            continue  # the same version, re-read in the walk's unsettled overlap
        _copy_page(row, page)
        changed.append(row)
    db.session.flush()
    return changed


def _copy_page(row, page):
    """What the Pages tab shows about a page."""
    row.name = str(page.get("name") or "")[:255]
    row.title = str(page.get("title") or "")[:255]
    row.type = str(page.get("type") or "")[:32]
    row.ak_created_at = ak_time(page.get("created_at"))
    row.ak_updated_at = ak_time(page.get("updated_at"))
    row.fetched_at = utcnow()


def fetch_actions(ctx):
    """Actions of every synced page updated since the actions watermark (one walk), then anything pending."""
    pages = synced_pages(ctx.integration_id)
    if not pages:  # nothing to read; a page synced later is backfilled in full
        ctx.integration.actions_watermark = utcnow() - settle_margin()
    else:
        _walk_actions(ctx, [page.ak_id for page in pages])
        refresh_stored_counts(ctx.integration_id)
    checkpoint(ctx)
    process_all_pending(ctx)
    request_backfills_unfinished(ctx.integration_id)


def _walk_actions(ctx, page_ak_ids):
    """The one walk over synced pages' actions: store a batch, commit, process it, commit."""
    def handle(actions):
        """Store and process one batch (fetched actions arrive as "poll")."""
        rows = [row.id for row in take_actions(ctx, actions, "poll")]
        checkpoint(ctx)
        process_actions(ctx, rows_by_ids(rows))
        runs.add_work(ctx.run, total=len(actions), done=len(actions))

    def batches(since, inclusive):
        """Actions of the synced pages by updated_at after the given second."""
        return ctx.client.iter_action_batches(order_by="updated_at", page__in=page_ak_ids, **after(since, inclusive))

    for watermark in walk(batches, ctx.integration.actions_watermark, handle):
        ctx.integration.actions_watermark = watermark
        checkpoint(ctx)
