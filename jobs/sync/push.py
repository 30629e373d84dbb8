"""Drain the push outbox: member changes become actions on the import page (DESIGN 4, "Pushes").

4xx -> the row fails with ActionKit's reason (visible, retryable); 5xx/no answer -> ActionKit may
have taken the action, so it is read again and only what it lacks is sent (a few times, with
backoff); still failing -> the row stays in doubt (attempts+1, last_error) and the drain stops for
this cycle: nothing is lost, nothing is sent twice, and an outage is not hammered.

Exactly once: a row is marked "sending" (committed) before its POST. A row found "sending" is in
doubt (the worker died, or the answer was lost): ActionKit is read first and only what it does
not hold yet is sent. (A fetch never queues a field that a row still in the outbox covers: see
linking.) An edit row always decides afresh from both sides, so a second edit row finds nothing.
"""
from webapp.actionkit import ActionKitError, AuthError, ConnectionFailed, RateLimited, RateLimitTimeout, ServerError
from webapp.extensions import db
from webapp.models import Member, utcnow
from webapp.store.akusers import get_akuser, get_or_new_akuser, linked_user_for_member
from webapp.store.outbox import outbox_counts, pending_rows
from webapp.store.sync_ledger import TO_ACTIONKIT, record_event, settle_queued
from webapp.rules import (ak_values_from_user, build_push_action, clean, initial_values_for_user, parse_opt_in,
                         same, scrub)
from webapp.rules.eligibility import opt_in_raw_value

from jobs.sync import runs
from jobs.sync.users.pair import OPT_KEY, member_values, settle_base, sync_pair
from jobs.sync.harness import still_enabled, still_holding

TRANSIENT = (RateLimited, ServerError, ConnectionFailed, RateLimitTimeout, AuthError)
IN_DOUBT_ERRORS = (ServerError, ConnectionFailed)  # ActionKit may have taken the action before failing
IN_DOUBT = "sending"
IN_DOUBT_RETRIES = 3  # a lost answer is re-checked and retried this often before the drain stops


class Skip(Exception):
    """Nothing to send for this row (already agreed, or no longer linked); the message says why."""


def _ak_changes(ctx, changes):
    """Member-keyed changes as AK-keyed values, dropping fields no longer mapped and the opt-in."""
    out = {}
    for key, value in changes.items():
        ak_field = ctx.ak_field_of(key) if key != OPT_KEY else None
        if ak_field:
            out[ak_field] = value
    return out


def send_update(ctx, akuser, member, changes, former):
    """POST one action for an existing user, then make the sent values the base."""
    opt = changes.get(OPT_KEY)
    payload = build_push_action(ctx.integration.import_page_name, _ak_changes(ctx, changes), ctx.maps,
                                member_id=member.id, ak_user_id=akuser.ak_id, former=former,
                                opt_in_field=ctx.opt_in_field if opt is not None else None, opt_in_value=opt)
    ctx.client.post_action(payload)
    settle_base(akuser, changes)
    settle_queued(member.id, "applied", ctx.run_id)


def _linked_row(ctx, row, member):
    """The AkUser the row targets, still linked to this member, or Skip."""
    akuser = get_akuser(ctx.integration_id, row.ak_user_id)
    if akuser is None or akuser.member_id != member.id:
        raise Skip("The member is no longer linked to this ActionKit user.")
    return akuser


def _not_in_actionkit(ctx, akuser, changes):
    """For a row in doubt: drop what ActionKit already holds (read fresh), settling it as sent."""
    user = ctx.client.get_user(akuser.ak_id)
    ak_values = ak_values_from_user(user, ctx.maps)
    held = {key: value for key, value in changes.items() if _held(ctx, key, value, user, ak_values)}
    settle_base(akuser, held)
    return {key: value for key, value in changes.items() if key not in held}


def _held(ctx, key, value, user, ak_values):
    """True when ActionKit already holds this member-keyed value."""
    if key == OPT_KEY:
        return parse_opt_in(opt_in_raw_value(user, ctx.opt_in_field)).as_bool() == bool(value)
    ak_field = ctx.ak_field_of(key)
    return ak_field is not None and same(ak_values.get(ak_field), value)


def push_decided(ctx, row, member):
    """Send writes the rules already decided while fetching (first-link write-backs, fills)."""
    akuser = _linked_row(ctx, row, member)
    changes = dict(row.changes or {})
    if changes and row.status == IN_DOUBT:
        changes = _not_in_actionkit(ctx, akuser, changes)
    if not changes:
        raise Skip("Already in ActionKit (sent by an earlier push).")
    send_update(ctx, akuser, member, changes, {k: v for k, v in (row.former or {}).items()})


def push_edit(ctx, row, member):
    """A member edit: fetch the user fresh and let the field rules decide what goes to ActionKit."""
    akuser = _linked_row(ctx, row, member)
    user = scrub(ctx.client.get_user(akuser.ak_id))
    pending = sync_pair(ctx, akuser, member, user, source=row.source)
    if not pending:
        raise Skip("The sync options send nothing to ActionKit for this change.")
    send_update(ctx, akuser, member, pending.changes, pending.former)


def push_create(ctx, row, member):
    """Create the member's ActionKit user through the import page and link it at once."""
    if linked_user_for_member(member.id) is not None:
        raise Skip("The member is already linked.")
    if not clean(member.email):
        raise ValueError("The member has no email; ActionKit needs one to create a user.")
    if row.status == IN_DOUBT and _created_before(ctx, row, member):
        return
    values = member_values(member, ctx.maps)
    ak_values = initial_values_for_user(ctx.maps, values)
    payload = build_push_action(ctx.integration.import_page_name, ak_values, ctx.maps, member_id=member.id,
                                email=member.email, phone=member.phone, opt_in_field=ctx.opt_in_field,
                                opt_in_value=bool(member.subscribed))
    ak_id = int(ctx.client.post_action(payload)["user_id"])
    _link_created(ctx, row, member, ak_id, {ctx.member_key_of(k): v for k, v in ak_values.items()})


def _created_before(ctx, row, member):
    """A create in doubt: when ActionKit has a user with the member's email, link it instead of posting again."""
    user = ctx.client.get_user_by_email(member.email)
    if user is None:
        return False
    values = member_values(member, ctx.maps)
    sent = {ctx.member_key_of(k): v for k, v in initial_values_for_user(ctx.maps, values).items()}
    _link_created(ctx, row, member, int(user["id"]), sent)
    return True


def _link_created(ctx, row, member, ak_id, sent):
    """Record the new (or email-matched) user as synced and linked to the member."""
    akuser = get_or_new_akuser(ctx.integration_id, ak_id)
    if akuser.member_id not in (None, member.id):
        raise ValueError(f"ActionKit matched the email to user {ak_id}, already linked to another member.")
    akuser.member, akuser.member_id, akuser.status = member, member.id, "synced"
    akuser.reason = "Created in ActionKit from this member."
    akuser.email, akuser.first_name, akuser.last_name = member.email, member.first_name, member.last_name
    akuser.phone_e164, akuser.phone_raw, akuser.phone_type = member.phone, member.phone, "mobile"
    akuser.base = {**sent, OPT_KEY: bool(member.subscribed)}
    row.ak_user_id = ak_id
    for key, value in akuser.base.items():
        record_event(TO_ACTIONKIT, key, None, value, rule="new user from member", source=row.source,
                     run_id=ctx.run_id, member_id=member.id, ak_user_id=ak_id)
    runs.bump(ctx.run, "created_users") if ctx.run is not None else None


def push_row(ctx, row):
    """Send one outbox row; False when ActionKit is unreachable and the drain should stop."""
    if row.status != IN_DOUBT:
        row.status = IN_DOUBT  # committed before the POST: a crash after it leaves the row in doubt
        db.session.commit()
    member = db.session.get(Member, row.member_id, options=[db.lazyload(Member.field_values)])  # loaded if used
    handler = push_create if row.ak_user_id is None else (push_edit if row.former is None else push_decided)
    try:
        _send_checked(ctx, row, member, handler)
        row.status, row.sent_at, row.last_error = "sent", utcnow(), None
        runs.bump(ctx.run, "pushed") if ctx.run is not None else None
    except Skip as why:
        row.status, row.last_error = "skipped", str(why)
    except TRANSIENT as exc:
        row.attempts, row.last_error = (row.attempts or 0) + 1, str(exc)[:1000]
        row.status = IN_DOUBT if isinstance(exc, IN_DOUBT_ERRORS) else "pending"
        return False
    except (ActionKitError, ValueError) as exc:
        row.status, row.attempts, row.last_error = "failed", (row.attempts or 0) + 1, str(exc)[:1000]
        settle_queued(member.id, "failed", ctx.run_id)
        runs.bump(ctx.run, "errors") if ctx.run is not None else None
    return True


def _send_checked(ctx, row, member, handler):
    """Run the handler; after a 5xx or a lost answer, read ActionKit again and send only what it still lacks.

    The transport never resends a POST itself, so an action ActionKit took before failing is found by
    the re-check (a Skip then means the earlier POST landed) instead of being posted twice."""
    for attempt in range(IN_DOUBT_RETRIES + 1):
        try:
            return handler(ctx, row, member)
        except Skip:
            if attempt == 0:
                raise
            return None  # the re-check found everything in ActionKit: the lost answer's action had landed
        except IN_DOUBT_ERRORS:
            if attempt == IN_DOUBT_RETRIES:
                raise
            ctx.client.transport.sleep(ctx.client.transport.backoff(attempt))
    return None


class PushesPending(Exception):
    """ActionKit stopped answering mid-drain: the run is not done while changes still wait to go."""


def drain_outbox(ctx, batch=50):
    """Send pending rows oldest first, committing each; during an outage stop and fail the run, keeping rows."""
    after_id, sent = 0, 0
    _name_phase(ctx)
    while True:
        rows = pending_rows(limit=batch, after_id=after_id)
        if not rows:
            return sent
        for row in rows:
            after_id = row.id
            still_holding(ctx)  # another worker may own the run once the lease is gone
            ok = push_row(ctx, row)
            if ctx.run is not None:
                runs.spend(ctx.run, ctx.client)
            db.session.commit()
            if not ok:
                raise PushesPending(_stopped_reason(row))
            sent += 1
            still_enabled(ctx.integration)  # deactivation stops the drain between rows


def _name_phase(ctx):
    """Say beside the bar that the run is now sending changes (its scan's phase name would be stale)."""
    waiting = outbox_counts()["pending"]
    if ctx.run is not None and waiting:
        runs.set_count(ctx.run, "phase", f"Sending {waiting} change(s) to ActionKit")


def _stopped_reason(row):
    """Why the drain stopped, and what still waits (sent by the next cycle)."""
    waiting = outbox_counts()["pending"]
    return (f"ActionKit stopped answering while changes were being sent ({row.last_error}); "
            f"{waiting} change(s) still waiting in the outbox will be sent by the next sync.")
