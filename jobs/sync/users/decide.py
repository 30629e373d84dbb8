"""Step 3 of the unit: what happens to one user of the batch, decided by the rules, buffered for the write.

Eligibility, phone ownership (the lowest ActionKit id wins), a new member or a link, then the field and
opt-in sync of the pair. Lookups come from the batch (in memory, kept current as users are decided, so each
user sees the ones before it); ledger rows, pushes and group joins go into the batch's buffers.
"""
from webapp.extensions import db
from webapp.models import utcnow
from webapp.rules import ak_values_from_user, claim_phone, initial_values_for_member, resolve_opt_in
from webapp.rules.eligibility import STATUS_DUPLICATE_PHONE, STATUS_ERROR, STATUS_SYNCED
from webapp.store.sync_ledger import TO_MEMBER, latest_member_write

from jobs.sync.context import ak_time
from jobs.sync.users.pair import OPT_KEY, new_member, opt_in_evidence, sync_pair

COUNTED = {"created": "created", "linked": "linked", "updated": "updated", STATUS_ERROR: "errors"}


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
    """The lower-id synced owner of this phone, or None after demoting the higher-id holders (rules.claim_phone)."""
    holders = {other.ak_id: other for other in ctx.batch.holders(e164) if other is not row}
    claim = claim_phone(row.ak_id, holders)
    if claim.duplicate:
        return holders[claim.owner]
    for ak_id in claim.displaced:
        mark(holders[ak_id], STATUS_DUPLICATE_PHONE, f"Phone {e164} belongs to ActionKit user {row.ak_id} (lower id).")
    if claim.displaced:  # a member's one link (unique member_id) must be released in the database before it is taken
        db.session.flush()
    return None


def _create_member(ctx, row, user, ev):
    """A new member (source actionkit) with all the user's mapped values, in the primary group."""
    ak_values = ak_values_from_user(user, ctx.maps)
    values = initial_values_for_member(ctx.maps, ak_values)
    opt = resolve_opt_in(None, ev.opt_in_raw)
    member = new_member(ev.phone.e164, values, opt.subscribed)
    ctx.batch.add_member(member, row)
    row.member_id, row.status = None, STATUS_SYNCED  # the id is set when the batch inserts the member
    for key, value in values.items():
        ctx.writes.event(member, TO_MEMBER, key, None, value, rule="new member from actionkit",
                         source="creation", run_id=ctx.run_id, ak_user_id=row.ak_id)
    ctx.writes.event(member, TO_MEMBER, OPT_KEY, None, opt.subscribed, rule=opt.rule, source="creation",
                     run_id=ctx.run_id, ak_user_id=row.ak_id)
    evidence = opt_in_evidence(ctx, row.ak_id, ev.opt_in_raw, opt.rule)
    ctx.writes.consent(member, None, opt.subscribed, "actionkit", evidence)
    row.base = {**values, OPT_KEY: opt.subscribed}
    if opt.to_actionkit is not None:
        row.base.pop(OPT_KEY)
        ctx.writes.push(member, row.ak_id, {OPT_KEY: opt.subscribed}, {ctx.opt_in_field: ev.opt_in_raw}, "creation")
    _join_primary_group(ctx, member)
    return member


def _join_primary_group(ctx, member):
    """Put a linked member in the primary group once (create-user never applies: it is linked)."""
    if ctx.batch.needs_join(member):
        ctx.writes.join(member)


def _borrowed(ctx, member, ak_id):
    """True when the member's opt-in was last written by the sync from another ActionKit user.

    Such a status belongs to that other person: a user taking the phone over never gets it written."""
    buffered = [values for m, values in ctx.writes.events if m.phone == member.phone and values["field"] == OPT_KEY
                and values["direction"] == TO_MEMBER and values["outcome"] == "applied"]
    latest = buffered[-1] if buffered else _as_values(latest_member_write(member.id, OPT_KEY))
    if latest is None or latest["ak_user_id"] in (None, ak_id):
        return False
    return latest["new_value"] == ("true" if member.subscribed else "false")


def _as_values(event):
    """A ledger row as the dict buffered rows use, or None."""
    if event is None:
        return None
    return {"ak_user_id": event.ak_user_id, "new_value": event.new_value}


def _former_of(ctx, former, changes):
    """The previous ActionKit values of just the fields still to be pushed."""
    def key_of(ak_field):
        """The member key a former ActionKit value belongs to."""
        return OPT_KEY if ak_field == ctx.opt_in_field else ctx.member_key_of(ak_field)
    return {ak_field: value for ak_field, value in former.items() if key_of(ak_field) in changes}


def _link_existing(ctx, row, member, user):
    """Link (or keep linked) and run the field rules; first links let the member's own opt-in win."""
    if member.id is None:  # created earlier in this batch by a user this one just outranked
        member = ctx.writes.persist_member(member)
    first_link = row.member_id != member.id
    borrowed = first_link and _borrowed(ctx, member, row.ak_id)
    row.member, row.member_id, row.status = member, member.id, STATUS_SYNCED
    pending = sync_pair(ctx, row, member, user, first_link=first_link, source="actionkit", borrowed=borrowed)
    changes = ctx.batch.not_waiting(member, pending.changes)
    if changes:
        ctx.writes.push(member, row.ak_id, changes, _former_of(ctx, pending.former, changes), "actionkit")
    if first_link:
        _join_primary_group(ctx, member)
    return "linked" if first_link else ("updated" if pending or pending.member_writes else "unchanged")


def link_user(ctx, user):
    """1. evaluate 2. record 3. refuse duplicates 4. link or create 5. sync fields; returns the outcome."""
    ev = ctx.batch.evaluation(user)
    row = ctx.batch.row(user["id"])
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
    member = ctx.batch.member(e164)
    if member is None:
        _create_member(ctx, row, user, ev)
        return "created"
    return _link_existing(ctx, row, member, user)


def link_one(ctx, user):
    """link_user, turning a rule failure on one user into its error status instead of a failed run."""
    row = ctx.batch.row(user["id"])
    linked_before = row.member_id
    try:
        outcome = link_user(ctx, user)
    except (ValueError, KeyError, TypeError) as exc:
        mark(row, STATUS_ERROR, f"{type(exc).__name__}: {exc}"[:500])
        outcome = STATUS_ERROR
    if linked_before is not None and row.member_id != linked_before:
        db.session.flush()  # the released member may be taken by a later user of this batch
    return outcome
