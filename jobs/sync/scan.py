"""The initial scan: spend records only where a sync can happen (DESIGN 5).

Phones of the chosen types are paged first and grouped by user; only their owners are
fetched (`id__in`, ascending ids so the lowest id meets a shared phone first), and every
other user is counted as "no phone" from the user list total instead of being fetched.

The scan is resumable: after each committed batch of owners the run records the highest id
linked (`scan_after_id`) and when the scan began (`scan_started_at`). A run that failed or lost
its worker continues from there, so it ends exactly as an uninterrupted scan would, and the
cycle never does a first full sync in updated_at order (which would let a higher id claim a phone).
"""
from datetime import datetime, timedelta

from webapp.models import utcnow

from jobs.sync import runs
from jobs.sync.client import count_phones
from jobs.sync.harness import checkpoint
from jobs.sync.users import link_users

USER_BATCH = 100
WATERMARK_OVERLAP = timedelta(minutes=5)
RESUME_KEY, STARTED_KEY = "scan_after_id", "scan_started_at"


def collect_phones(ctx):
    """1. Page through phones of the chosen types; {user id: [phones]} (one page = 100 of work)."""
    total = count_phones(ctx.client, ctx.phone_types)
    runs.add_work(ctx.run, total=total)
    checkpoint(ctx)
    by_user, seen = {}, 0
    for phone in ctx.client.iter_phones(types=ctx.phone_types, order_by="id"):
        user_id = _user_id(phone.get("user"))
        by_user.setdefault(user_id, []).append(phone)
        seen += 1
        if seen % 100 == 0:
            runs.add_work(ctx.run, done=100)
            checkpoint(ctx)
    runs.add_work(ctx.run, done=seen % 100)
    if seen != total:
        runs.add_work(ctx.run, total=seen - total)
    return by_user


def _user_id(uri):
    """The user id at the end of a phone's user URI."""
    from webapp.actionkit.values import id_from_uri
    return id_from_uri(uri)


def link_owners(ctx, by_user):
    """2. Fetch just the phone owners, 100 per request, lowest ids first, and link each one."""
    ids = sorted(uid for uid in by_user if uid is not None)
    after = int((ctx.run.counts or {}).get(RESUME_KEY) or 0)
    todo = [uid for uid in ids if uid > after]
    runs.add_work(ctx.run, total=len(todo))
    checkpoint(ctx)
    for start in range(0, len(todo), USER_BATCH):
        batch = todo[start:start + USER_BATCH]
        users = sorted(ctx.client.get_users_by_ids(batch), key=lambda u: int(u["id"]))
        link_users(ctx, users, by_user)
        runs.add_work(ctx.run, done=len(batch))
        runs.set_count(ctx.run, RESUME_KEY, batch[-1])
        checkpoint(ctx)
    return len(ids)


def scan_started_at(run):
    """When the scan this run continues first began (kept across resumes), minus the overlap."""
    text = (run.counts or {}).get(STARTED_KEY)
    if text:
        return datetime.fromisoformat(text)
    started = utcnow() - WATERMARK_OVERLAP
    runs.set_count(run, STARTED_KEY, started.isoformat())
    return started


def initial_scan(ctx):
    """Count, collect phones, link owners; users without such a phone are counted, not fetched."""
    started = scan_started_at(ctx.run)
    user_total = ctx.client.count_users()
    runs.set_count(ctx.run, "ak_users", user_total)
    by_user = collect_phones(ctx)
    owners = link_owners(ctx, by_user)
    runs.set_count(ctx.run, "no_phone_unfetched", max(user_total - owners, 0))
    ctx.integration.users_watermark = started
    ctx.integration.phones_watermark = started
    checkpoint(ctx)


def carry_checkpoint(run, previous):
    """Start `run` where an unfinished activation run stopped (same scan start, owners already linked)."""
    counts = dict(run.counts or {})
    for key in (RESUME_KEY, STARTED_KEY):
        if previous is not None and (previous.counts or {}).get(key) is not None:
            counts[key] = previous.counts[key]
    counts["resumed_from"] = previous.id if previous is not None else None
    run.counts = counts
