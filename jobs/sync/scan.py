"""The initial scan: phone owners first, where a sync can happen, then every other user (DESIGN 5).

1. page through the phones of the chosen types, grouped by user;
2. fetch just their owners (`id__in`, ascending ids so the lowest id meets a shared phone first) and link
   them: every user who can sync is synced before anything else is spent;
3. page through all users by id and record the rest (no phone of the chosen types), so the Users tab
   lists every scanned user.
The run's work is sized once, up front, in ActionKit records (two requests: phones for phase 1, as many
again at most for the owners of phase 2, users for phase 3); each phase only moves it forward (an owner
share left unused is counted done when the owners are known), so the bar never goes back, and the
ETA can follow ActionKit's record budget. The phase is named beside the bar.

The scan is resumable: after each committed batch the run records how far it got (`scan_after_id`,
`rest_after_id`) and when the scan began (`scan_started_at`). A run that failed or lost its worker
continues from there, so it ends exactly as an uninterrupted scan would, and the cycle never does a
first full sync in updated_at order (which would let a higher id claim a phone).
"""
from datetime import datetime, timedelta

from webapp.models import utcnow

from jobs.sync import runs
from jobs.sync.client import count_phones
from jobs.sync.harness import checkpoint
from jobs.sync.users import link_users

USER_BATCH = 100
WATERMARK_OVERLAP = timedelta(minutes=5)
RESUME_KEY, REST_KEY, STARTED_KEY = "scan_after_id", "rest_after_id", "scan_started_at"
PHASES = ("collecting phones", "linking phone owners", "recording users without a phone")


class Phase:
    """One phase's share of the run's work: progress moves forward within it and never past it."""

    def __init__(self, ctx, name, size):
        """Name the phase on the run (shown beside the bar) and remember where its share ends."""
        self.run, self.left = ctx.run, max(int(size), 0)
        runs.set_count(ctx.run, "phase", name)

    def advance(self, count):
        """Count work done, up to the phase's share (the list may have grown since it was counted)."""
        step = min(max(count, 0), self.left)
        self.left -= step
        runs.add_work(self.run, done=step)

    def close(self):
        """The phase is over: whatever of its share is left counts as done."""
        self.advance(self.left)


def collect_phones(ctx, phone_total):
    """1. Page through phones of the chosen types; {user id: [phones]}."""
    phase, by_user = Phase(ctx, PHASES[0], phone_total), {}
    for phones in ctx.client.iter_phone_batches(types=ctx.phone_types, order_by="id"):
        for phone in phones:
            by_user.setdefault(_user_id(phone.get("user")), []).append(phone)
        phase.advance(len(phones))
        checkpoint(ctx)
    phase.close()
    return by_user


def _user_id(uri):
    """The user id at the end of a phone's user URI."""
    from webapp.actionkit.values import id_from_uri
    return id_from_uri(uri)


def link_owners(ctx, by_user, phase):
    """2. Fetch just the phone owners, 100 per request, lowest ids first, and link each one."""
    ids = sorted(uid for uid in by_user if uid is not None)
    after = int((ctx.run.counts or {}).get(RESUME_KEY) or 0)
    todo = [uid for uid in ids if uid > after]
    phase.advance(phase.left - len(todo))  # the share no owner needs, and owners linked before a resume
    for start in range(0, len(todo), USER_BATCH):
        batch = todo[start:start + USER_BATCH]
        users = sorted(ctx.client.get_users_by_ids(batch), key=lambda u: int(u["id"]))
        link_users(ctx, users, by_user)
        phase.advance(len(batch))
        runs.set_count(ctx.run, RESUME_KEY, batch[-1])
        checkpoint(ctx)
    return len(ids)


def record_the_rest(ctx, owners, phase):
    """3. Every user who owns no phone of the chosen types gets its row (status no phone), by id."""
    after = int((ctx.run.counts or {}).get(REST_KEY) or 0)
    for users in ctx.client.iter_user_batches(order_by="id", id__gt=after):
        if not users:
            break
        rest = [user for user in users if int(user["id"]) not in owners]
        link_users(ctx, rest, {})
        phase.advance(len(users))  # every user listed cost its record
        runs.set_count(ctx.run, REST_KEY, max(int(user["id"]) for user in users))
        checkpoint(ctx)


def scan_started_at(run):
    """When the scan this run continues first began (kept across resumes), minus the overlap."""
    text = (run.counts or {}).get(STARTED_KEY)
    if text:
        return datetime.fromisoformat(text)
    started = utcnow() - WATERMARK_OVERLAP
    runs.set_count(run, STARTED_KEY, started.isoformat())
    return started


def initial_scan(ctx):
    """Size the work, then phones, owners and the rest; the watermarks start where the scan began."""
    started = scan_started_at(ctx.run)
    user_total = ctx.client.count_users()
    phone_total = count_phones(ctx.client, ctx.phone_types)
    runs.set_count(ctx.run, "ak_users", user_total)
    runs.add_work(ctx.run, total=2 * phone_total + user_total)
    checkpoint(ctx)
    by_user = collect_phones(ctx, phone_total)
    owners = Phase(ctx, PHASES[1], phone_total)
    link_owners(ctx, by_user, owners)
    owners.close()
    rest = Phase(ctx, PHASES[2], user_total)
    record_the_rest(ctx, set(by_user), rest)
    rest.close()
    ctx.integration.users_watermark = started
    ctx.integration.phones_watermark = started
    checkpoint(ctx)


def carry_checkpoint(run, previous):
    """Start `run` where an unfinished activation run stopped (same scan start, batches already done)."""
    counts = dict(run.counts or {})
    for key in (RESUME_KEY, REST_KEY, STARTED_KEY):
        if previous is not None and (previous.counts or {}).get(key) is not None:
            counts[key] = previous.counts[key]
    counts["resumed_from"] = previous.id if previous is not None else None
    run.counts = counts
