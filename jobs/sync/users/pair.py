"""Apply the field and opt-in rules to one linked user/member pair: writes, base and ledger.

Member-side writes happen at once. ActionKit-side writes come back as a PendingPush; the
base of those fields only moves once the push succeeded (push.py), so a failed push is
decided again next time instead of being forgotten.
"""
from dataclasses import dataclass, field

from webapp.models import Member, MemberFieldValue
from webapp.store.consent import add_ledger_row
from webapp.store.sync_ledger import TO_ACTIONKIT, TO_MEMBER, record_event
from webapp.rules import ak_values_from_user, clean, plan_takeover, plan_user_sync, resolve_opt_in
from webapp.rules.eligibility import opt_in_raw_value

from jobs.sync.context import ak_time

OPT_KEY = "subscribed"


@dataclass
class PendingPush:
    """Writes bound for ActionKit (member keys), the AK values they replace, and why."""

    changes: dict = field(default_factory=dict)
    former: dict = field(default_factory=dict)
    member_writes: int = 0

    def __bool__(self):
        return bool(self.changes)


def _event(ctx, direction, member, akuser, key, old, new, rule, source, outcome="applied"):
    """One ledger row for this pair (buffered while a batch of users is linked)."""
    details = {"rule": rule, "source": source, "run_id": ctx.run_id, "ak_user_id": akuser.ak_id, "outcome": outcome}
    if getattr(ctx, "writes", None) is not None:
        ctx.writes.event(member, direction, key, old, new, **details)
    else:
        record_event(direction, key, old, new, member_id=member.id, **details)


def _apply_member_side(ctx, member, akuser, plan, opt, raw):
    """Write what the rules give the member and log each write as coming from ActionKit."""
    rules = {m.member_field: d.rule for m, d in plan.decisions}
    for key, value in plan.member_writes.items():
        old = set_member_value(member, key, value)
        rule = rules.get(key) or f"state from zip {plan.member_writes.get('zip', '')}".strip()
        _event(ctx, TO_MEMBER, member, akuser, key, old, value, rule, "actionkit")
    if opt.to_member is not None and bool(member.subscribed) != opt.to_member:
        _event(ctx, TO_MEMBER, member, akuser, OPT_KEY, member.subscribed, opt.to_member, opt.rule, "actionkit")
        add_ledger_row(member.id, bool(member.subscribed), opt.to_member, "actionkit",
                       opt_in_evidence(ctx, akuser.ak_id, raw, opt.rule))
        member.subscribed = opt.to_member
    for mapping, decision in plan.decisions:
        if decision.rule.startswith("invalid zip"):
            _event(ctx, TO_MEMBER, member, akuser, mapping.member_field, None, None, decision.rule,
                   "actionkit", outcome="rejected")
    return len(plan.member_writes) + (opt.to_member is not None)


def opt_in_evidence(ctx, ak_id, raw, rule):
    """What the consent ledger keeps of an opt-in ActionKit decided: the user, the field's value, the rule."""
    return f"ActionKit user {ak_id}: {ctx.opt_in_field} is \u201c{raw or ''}\u201d ({rule})."


def _collect_ak_side(ctx, member, akuser, plan, opt, ak_values, raw, source):
    """Turn the rules' ActionKit writes into a PendingPush, logged as queued."""
    pending = PendingPush()
    rules = {m.ak_field: (m.member_field, d.rule) for m, d in plan.decisions}
    for ak_field, value in plan.ak_writes.items():
        key, rule = rules[ak_field]
        pending.changes[key] = value
        pending.former[ak_field] = ak_values.get(ak_field, "")
        _event(ctx, TO_ACTIONKIT, member, akuser, key, ak_values.get(ak_field), value, rule, source, "queued")
    if opt.to_actionkit is not None:
        pending.changes[OPT_KEY] = opt.to_actionkit == "true"
        pending.former[ctx.opt_in_field] = raw
        _event(ctx, TO_ACTIONKIT, member, akuser, OPT_KEY, raw, opt.to_actionkit, opt.rule, source, "queued")
    return pending


def _new_base(plan, opt, old_base, pending):
    """Agreed values after this pass; fields still waiting for a push keep their old base."""
    base = dict(plan.new_base)
    for key in pending.changes:
        if key in old_base:
            base[key] = old_base[key]
        else:
            base.pop(key, None)
    if OPT_KEY not in pending.changes and opt.new_base is not None:
        base[OPT_KEY] = opt.new_base
    return base


def _plan(ctx, member, ak_values, field_base, times, borrowed):
    """The field plan: the normal rules, or a takeover when the member's values came from another user."""
    values = member_values(member, ctx.maps)
    if borrowed:
        return plan_takeover(ctx.maps, values, ak_values)
    return plan_user_sync(ctx.maps, values, ak_values, field_base, *times)


def sync_pair(ctx, akuser, member, user, *, first_link=False, source="actionkit", borrowed=False):
    """1. read both sides 2. plan 3. write the member 4. collect AK writes 5. move the base."""
    ak_values = ak_values_from_user(user, ctx.maps)
    raw = opt_in_raw_value(user, ctx.opt_in_field)
    old_base = dict(akuser.base or {})
    field_base = None if first_link else {k: v for k, v in old_base.items() if k != OPT_KEY}
    times = (member.updated_at, ak_time(user.get("updated_at")))
    plan = _plan(ctx, member, ak_values, field_base, times, borrowed and first_link)
    opt = resolve_opt_in(member.subscribed, raw, first_link, None if first_link else old_base.get(OPT_KEY),
                         *times, borrowed=borrowed and first_link)
    written = _apply_member_side(ctx, member, akuser, plan, opt, raw)
    pending = _collect_ak_side(ctx, member, akuser, plan, opt, ak_values, raw, source)
    pending.member_writes = written
    akuser.base = _new_base(plan, opt, old_base, pending)
    return pending


def settle_base(akuser, changes):
    """After a successful push both sides hold these values: they become the base."""
    base = dict(akuser.base or {})
    base.update(changes)
    akuser.base = base


def member_values(member, maps):
    """{member key: text} for every mapped field of a member."""
    custom = {f"custom:{value.field_id}": value.value for value in member.field_values}
    values = {}
    for fmap in maps:
        key = fmap.member_field
        values[key] = custom.get(key, "") if key.startswith("custom:") else clean(getattr(member, key, ""))
    return values


def set_member_value(member, key, value):
    """Write one mapped value (core attribute or custom field row); returns the old value."""
    if not key.startswith("custom:"):
        old = getattr(member, key)
        setattr(member, key, value)
        return old
    field_id = int(key.split(":", 1)[1])
    row = next((v for v in member.field_values if v.field_id == field_id), None)
    old = row.value if row is not None else ""
    if row is None:
        member.field_values.append(MemberFieldValue(field_id=field_id, value=value))
    else:
        row.value = value
    return old


def new_member(phone, values, subscribed):
    """A member created from an ActionKit user with all its mapped values (inserted with its batch)."""
    member = Member(phone=phone, source="actionkit", subscribed=bool(subscribed))
    for key, value in values.items():
        set_member_value(member, key, value)
    return member
