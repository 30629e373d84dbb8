"""User -> member linking: eligibility, duplicates (lowest ActionKit id wins), new members, primary group."""
from webapp.store.akusers import get_or_new_akuser, member_by_phone, synced_rows_with_phone
from webapp.store.outbox import queue_decided_push
from webapp.store.sync_ledger import TO_MEMBER, record_event
from webapp.sync import ak_values_from_user, evaluate_user, initial_values_for_member, resolve_opt_in
from webapp.sync.eligibility import STATUS_DUPLICATE_PHONE, STATUS_ERROR, STATUS_SYNCED
from webapp.models import utcnow

from jobs.sync import runs
from jobs.sync.context import ak_time
from jobs.sync.fieldsync import OPT_KEY, sync_pair
from jobs.sync.memberdata import join_primary_group, new_member


def copy_user(row, user, ev):
    """Keep what staff need to see about the user on its row."""
    row.email = (user.get("email") or "")[:254]
    row.first_name = (user.get("first_name") or "")[:100]
    row.last_name = (user.get("last_name") or "")[:100]
    row.phone_raw, row.phone_type, row.phone_e164 = ev.phone.raw, ev.phone.type, ev.phone.e164
    row.opt_in_raw = (ev.opt_in_raw or "")[:255]
    row.ak_updated_at = ak_time(user.get("updated_at"))
    row.scanned_at = utcnow()


def mark(row, status, reason):
    """Set a row's status; a user that cannot sync is unlinked (its member stays as it is)."""
    row.status, row.reason = status, reason
    if status != STATUS_SYNCED:
        row.member_id = None
        row.member = None


def _claim_phone(ctx, row, e164):
    """The lower-id synced owner of this phone, or None after demoting higher-id holders (re-link)."""
    holders = [other for other in synced_rows_with_phone(ctx.integration_id, e164) if other is not row]
    lower = next((other for other in holders if other.ak_id < row.ak_id), None)
    if lower is not None:
        return lower
    for other in holders:
        mark(other, STATUS_DUPLICATE_PHONE, f"Phone {e164} belongs to ActionKit user {row.ak_id} (lower id).")
    return None


def _create_member(ctx, row, user, ev):
    """A new member (source actionkit) with all the user's mapped values, in the primary group."""
    ak_values = ak_values_from_user(user, ctx.maps)
    values = initial_values_for_member(ctx.maps, ak_values)
    opt = resolve_opt_in(None, ev.opt_in_raw)
    member = new_member(ev.phone.e164, values, opt.subscribed)
    row.member, row.member_id, row.status = member, member.id, STATUS_SYNCED
    for key, value in values.items():
        record_event(TO_MEMBER, key, None, value, rule="new member from actionkit", source="creation",
                     run_id=ctx.run_id, member_id=member.id, ak_user_id=row.ak_id)
    record_event(TO_MEMBER, OPT_KEY, None, opt.subscribed, rule=opt.rule, source="creation",
                 run_id=ctx.run_id, member_id=member.id, ak_user_id=row.ak_id)
    row.base = {**values, OPT_KEY: opt.subscribed}
    if opt.to_actionkit is not None:
        row.base.pop(OPT_KEY)
        queue_decided_push(member.id, row.ak_id, {OPT_KEY: opt.subscribed},
                           {ctx.opt_in_field: ev.opt_in_raw}, "creation")
    join_primary_group(member, ctx.primary_group())
    return member


def _link_existing(ctx, row, member, user):
    """Link (or keep linked) and run the field rules; first links let the member's opt-in win."""
    first_link = row.member_id != member.id
    row.member, row.member_id, row.status = member, member.id, STATUS_SYNCED
    pending = sync_pair(ctx, row, member, user, first_link=first_link, source="actionkit")
    if pending:
        queue_decided_push(member.id, row.ak_id, pending.changes, pending.former, "actionkit")
    if first_link:
        join_primary_group(member, ctx.primary_group())
    return "linked" if first_link else ("updated" if pending or pending.member_writes else "unchanged")


def link_user(ctx, user, phones):
    """1. evaluate 2. record 3. refuse duplicates 4. link or create 5. sync fields; returns the outcome."""
    ev = evaluate_user(user, phones, ctx.opt_in_field, ctx.phone_types)
    row = get_or_new_akuser(ctx.integration_id, user["id"])
    copy_user(row, user, ev)
    if not ev.eligible:
        mark(row, ev.status, ev.reason)
        return ev.status
    e164 = ev.phone.e164
    owner = _claim_phone(ctx, row, e164)
    if owner is not None:
        mark(row, STATUS_DUPLICATE_PHONE, f"Phone {e164} belongs to ActionKit user {owner.ak_id} (lower id).")
        return STATUS_DUPLICATE_PHONE
    row.reason = ev.reason
    member = member_by_phone(e164)
    if member is None:
        _create_member(ctx, row, user, ev)
        return "created"
    return _link_existing(ctx, row, member, user)


def link_safely(ctx, user, phones):
    """link_user, turning a rule failure on one user into its error status instead of a failed run."""
    try:
        outcome = link_user(ctx, user, phones)
    except (ValueError, KeyError, TypeError) as exc:
        row = get_or_new_akuser(ctx.integration_id, user["id"])
        mark(row, STATUS_ERROR, f"{type(exc).__name__}: {exc}"[:500])
        outcome = STATUS_ERROR
    if ctx.run is not None and outcome in ("created", "linked", "updated"):
        runs.bump(ctx.run, outcome)
    elif ctx.run is not None and outcome == STATUS_ERROR:
        runs.bump(ctx.run, "errors")
    return outcome
