"""The unit that turns a batch of ActionKit users into linked members (activation, cycles, retries, page actions).

One user record passes through it once, in this order:
  1. `link_users` (here): scrub unstorable bytes from the batch as fetched;
  2. `batch.UserBatch`: load what the whole batch needs from the database, one query per kind;
  3. `decide.link_user`, per user in id order: the rules (eligibility, phone ownership, creation or link,
     opt-in and field sync through `pair.sync_pair`) decide, and their results go into buffers;
  4. `writes.BatchWrites.flush`: members, users, ledger rows, outbox rows and group joins are written in bulk.
Nothing is written to ActionKit here: decided ActionKit writes wait in the outbox for the push drain.
"""
from collections import Counter

from sqlalchemy.exc import StatementError

from webapp.extensions import db
from webapp.models import utcnow
from webapp.rules import STATUS_ERROR, scrub
from webapp.store.akusers import get_or_new_akuser

from jobs.sync import runs
from jobs.sync.users.batch import UserBatch
from jobs.sync.users.decide import COUNTED, link_one
from jobs.sync.users.writes import BatchWrites

DB_ERRORS = (StatementError,)  # e.g. a value longer than its column on PostgreSQL


def link_users(ctx, users, phones_by_user):
    """Link users (scrubbed of unstorable bytes) in order; a record the database refuses is marked error alone.

    The session is clean on entry (the caller commits each batch), so a refused batch is rolled back
    and linked again one user at a time, each committed, until the bad record is isolated."""
    users, phones_by_user = scrub(list(users)), {int(k): scrub(v) for k, v in phones_by_user.items()}
    try:
        return _link_batch(ctx, users, phones_by_user)
    except DB_ERRORS as exc:
        if ctx.dry_run:  # the preview isolates a refused record itself, inside its one transaction
            raise
        db.session.rollback()
        ctx.stats.pop("primary_group", None)  # it may have been created in the transaction just undone
        if len(users) == 1:
            return [_refused(ctx, users[0], exc)]
    return [outcome for user in users for outcome in _link_alone(ctx, user, phones_by_user)]


def _link_alone(ctx, user, phones_by_user):
    """One user of a refused batch, committed on its own so the others' work stays."""
    outcomes = link_users(ctx, [user], phones_by_user)
    db.session.commit()
    return outcomes


def _refused(ctx, user, exc):
    """The database refused this user's values: record why on its row (any link stays); the cycle goes on."""
    row = get_or_new_akuser(ctx.integration_id, int(user["id"]))
    row.status, row.reason = STATUS_ERROR, f"Could not be saved: {db_reason(exc)}"[:500]  # link kept; retried
    row.scanned_at = utcnow()
    if ctx.run is not None:
        runs.bump(ctx.run, "errors")
    db.session.flush()
    return STATUS_ERROR


def db_reason(exc):
    """The database's own first line (e.g. value too long), without the SQL and parameters."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _link_batch(ctx, users, phones_by_user):
    """Link users in the given order with one UserBatch and one BatchWrites; returns their outcomes."""
    if not users:
        return []
    ctx.batch = UserBatch(ctx, users, phones_by_user)
    ctx.writes = BatchWrites(ctx.batch)
    try:
        outcomes = [link_one(ctx, user) for user in users]
        ctx.writes.flush()
    finally:
        ctx.batch = ctx.writes = None
    if ctx.run is not None:
        for outcome, count in Counter(COUNTED[o] for o in outcomes if o in COUNTED).items():
            runs.bump(ctx.run, outcome, count)
    return outcomes


def link_one_user(ctx, user, phones):
    """Link one user (a batch of one); returns the outcome."""
    return link_users(ctx, [user], {int(user["id"]): phones})[0]
