"""The periodic fetch: users and phones changed since their watermarks, then the outbox.

A watermark W means: every record updated at or before W has been read, and W was already
SETTLE seconds old when it was read (so nothing can still land at or before it, clock skew
included). A cycle reads records updated after W, ordered by updated_at; after each committed
batch the query restarts from the newest second seen (inclusive: that second may continue in
the next batch), so offset paging never skips a record updated mid-walk. Users already
processed at the same updated_at are skipped (dedupe by id + updated_at). An idle cycle
therefore reads one empty batch per kind, however many records the last burst touched.
"""
from datetime import timedelta

from flask import current_app

from webapp.actionkit.values import id_from_uri
from webapp.extensions import db
from webapp.models import utcnow
from webapp.queues import get_redis, redis_key
from webapp.store.akusers import known_versions

from jobs.sync import runs
from jobs.sync.context import ak_time
from jobs.sync.users import link_users
from jobs.sync.usergroup_members import mirror_user_groups
from jobs.sync.harness import checkpoint

SETTLED = timedelta(seconds=2)  # a version read this long after its second cannot change unseen
SECOND = timedelta(seconds=1)
FULL_PAGE = 100


def _newest(objects):
    """The newest updated_at of a batch (naive UTC)."""
    return max(ak_time(o["updated_at"]) for o in objects)


def settle_margin():
    """How old a second must be before the watermark may pass it (ActionKit's clock may lag ours)."""
    return timedelta(seconds=float(current_app.config.get("SYNC_SETTLE_SECONDS", 60)))


def walk(batches_from, watermark, handle_batch):
    """Run handle_batch per batch after the watermark; yields the watermark after each batch (it only grows)."""
    since, inclusive, margin = watermark, False, settle_margin()
    while True:
        restarted = False
        for objects in batches_from(since, inclusive):
            if not objects:
                return
            read_at = utcnow()
            handle_batch(objects)
            newest = _newest(objects)
            complete = newest if len(objects) < FULL_PAGE else newest - SECOND  # read through this second
            settled = min(complete, read_at - margin)
            watermark = max(watermark, settled) if watermark else settled
            yield watermark
            if len(objects) < FULL_PAGE:
                return
            if since is None or newest > since:
                since, inclusive, restarted = newest, True, True
                break
        if not restarted:
            return


def after(since, inclusive):
    """The updated_at filter of a walk's query (none on a first read)."""
    if since is None:
        return {}
    return {"updated_since": since} if inclusive else {"updated_at__gt": since}


def fetch_users(ctx):
    """Users updated since the users watermark: their phones fetched per batch, each user linked."""
    def handle(users):
        """Link the batch's users not processed yet, lowest ids first."""
        fresh = sorted(_unseen_users(ctx, users), key=lambda u: int(u["id"]))  # lower ids claim phones first
        phones = ctx.client.get_phones_for_users([u["id"] for u in fresh]) if fresh else {}
        link_users(ctx, fresh, phones)
        mirror_user_groups(ctx, fresh)
        ctx.stats.setdefault("users_done", set()).update(int(u["id"]) for u in fresh)
        runs.add_work(ctx.run, total=len(users), done=len(users))

    def batches(since, inclusive):
        """Users by updated_at after the given second."""
        return ctx.client.iter_user_batches(order_by="updated_at", **after(since, inclusive))

    for watermark in walk(batches, ctx.integration.users_watermark, handle):
        ctx.integration.users_watermark = watermark
        checkpoint(ctx)


def _unseen_users(ctx, users):
    """Drop users whose exact version was already processed (a restart or an unsettled second re-reads them).

    Timestamps have whole seconds, so a version only counts as processed when we read it
    after its second was over; a second edit within the same second is never missed."""
    versions = known_versions(ctx.integration_id, [u["id"] for u in users])
    return [u for u in users if not _processed(versions.get(int(u["id"])), ak_time(u["updated_at"]))]


def _processed(known, updated_at):
    """True when this exact version was read once its second (plus clock slack) had passed."""
    if known is None or known[0] != updated_at or known[1] is None:
        return False
    return known[1] >= updated_at + SETTLED


def fetch_phones(ctx):
    """Phones of the chosen types updated since the phones watermark: re-evaluate their owners."""
    seen_key = redis_key(None, "sync", "phones-seen", ctx.integration_id)

    def handle(phones):
        """Re-link the owners of phones not seen in this version yet."""
        settled = utcnow() - SETTLED
        versions = {f"{p['id']}@{p['updated_at']}" for p in phones if ak_time(p["updated_at"]) <= settled}
        known = {v.decode() if isinstance(v, bytes) else v for v in get_redis().smembers(seen_key)}
        fresh = [p for p in phones if f"{p['id']}@{p['updated_at']}" not in known]
        owners = sorted({id_from_uri(p["user"]) for p in fresh} - ctx.stats.setdefault("users_done", set()))
        _relink_owners(ctx, owners)
        if versions:
            get_redis().sadd(seen_key, *versions)
            get_redis().expire(seen_key, 86400)
        runs.add_work(ctx.run, total=len(phones), done=len(phones))

    def batches(since, inclusive):
        """Phones of the chosen types by updated_at after the given second."""
        return ctx.client.iter_phone_batches(types=ctx.phone_types, order_by="updated_at", **after(since, inclusive))

    for watermark in walk(batches, ctx.integration.phones_watermark, handle):
        ctx.integration.phones_watermark = watermark
        checkpoint(ctx)


def _relink_owners(ctx, user_ids):
    """Fetch the owners of changed phones with all their phones and link them again."""
    if not user_ids:
        return
    users = sorted(ctx.client.get_users_by_ids(user_ids), key=lambda u: int(u["id"]))
    phones = ctx.client.get_phones_for_users(user_ids)
    link_users(ctx, users, phones)
    mirror_user_groups(ctx, users)  # a user linked only now joins its synced usergroups' groups
    ctx.stats["users_done"].update(user_ids)


def refresh_total(ctx):
    """One request: the AK user total, so users never fetched still count as "no phone"."""
    runs.set_count(ctx.run, "ak_users", ctx.client.count_users())
    db.session.flush()
