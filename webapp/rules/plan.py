"""A whole linked user's sync: one FieldDecision per mapping plus the zip/state rules.

Zip: values are compared as 5-digit zips; a decision that would write an invalid zip
to either side writes nothing (rule "invalid zip: ..."). A zip written to the member
also writes the member's state derived from it (mapped or not). The member's state
then belongs to the zip: a state mapping may not write a different state to a member
whose zip is valid (it may still write to ActionKit).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterable, Mapping

from .fields import FieldDecision, resolve_field
from .mapping import FieldMap, is_state, is_zip
from .options import SyncOption
from .values import clean
from .zips import normalize_zip

__all__ = ["FieldMap", "SyncPlan", "plan_takeover", "plan_user_sync"]


@dataclass
class SyncPlan:
    """Writes for each side (member keys / AK keys), the new base, and every decision made."""

    member_writes: dict[str, str] = field(default_factory=dict)
    ak_writes: dict[str, str] = field(default_factory=dict)
    new_base: dict[str, str] = field(default_factory=dict)
    decisions: list[tuple[FieldMap, FieldDecision]] = field(default_factory=list)
    derived_state: str | None = None

    @property
    def writes(self) -> bool:
        """Tell whether the plan changes either side."""
        return bool(self.member_writes or self.ak_writes)


def _as_zip(value: object) -> str:
    """Compare zips by their 5-digit form; keep invalid text as is so it can be reported."""
    return normalize_zip(value).zip5 or clean(value)


def _decide_zip(mapping: FieldMap, s: object, a: object, b: object, times: tuple) -> FieldDecision:
    """Resolve a zip on normalized values and refuse to write an invalid one."""
    decision = resolve_field(mapping.option, _as_zip(s), _as_zip(a), b, *times)
    for value in (decision.to_member, decision.to_actionkit):
        error = None if value is None else normalize_zip(value).error
        if error:
            kept = None if b is None else clean(b)
            return FieldDecision(None, None, kept, f"invalid zip: {error}")
    return decision


def _restrict_state(decision: FieldDecision, derived: str | None, b: object) -> FieldDecision:
    """Stop a state mapping from writing a member state that contradicts the member's zip."""
    if derived is None or decision.to_member is None or decision.to_member == derived:
        return decision
    kept = None if b is None else clean(b)
    rule = f"{decision.rule}; blocked: member state comes from zip {derived}"
    return replace(decision, to_member=None, new_base=kept, rule=rule)


def _member_zip_state(member_values: Mapping, member_writes: Mapping) -> str | None:
    """Derive the member's state from the zip the member will hold after this plan."""
    return normalize_zip(member_writes.get("zip", member_values.get("zip"))).state


def plan_user_sync(
    mappings: Iterable[FieldMap],
    member_values: Mapping,
    ak_values: Mapping,
    base: Mapping | None = None,
    member_changed_at: datetime | None = None,
    ak_changed_at: datetime | None = None,
) -> SyncPlan:
    """Plan every mapped field of one linked user; base and new_base are keyed by member field."""
    base, times = dict(base or {}), (member_changed_at, ak_changed_at)
    plan = SyncPlan(new_base=dict(base))
    member_now = dict(member_values)
    for mapping in sorted(mappings, key=is_state):  # state after zip: the zip may derive it
        s, a = member_now.get(mapping.member_field), ak_values.get(mapping.ak_field)
        b = base.get(mapping.member_field)
        if is_zip(mapping):
            decision = _decide_zip(mapping, s, a, b, times)
        else:
            decision = resolve_field(mapping.option, s, a, b, *times)
        if is_state(mapping):
            decision = _restrict_state(decision, _member_zip_state(member_now, plan.member_writes), b)
        _record(plan, mapping, decision)
        if is_zip(mapping) and decision.to_member is not None:
            _derive_state(plan, member_now, decision.to_member)
        member_now.update(plan.member_writes)
    return plan


def plan_takeover(mappings: Iterable[FieldMap], member_values: Mapping, ak_values: Mapping) -> SyncPlan:
    """A member whose values came from another ActionKit user: this user's values win, nothing goes back."""
    one_way = [replace(m, option=SyncOption.ONE_WAY_TO_MEMBER) for m in mappings]
    return plan_user_sync(one_way, member_values, ak_values)


def _record(plan: SyncPlan, mapping: FieldMap, decision: FieldDecision) -> None:
    """Add one decision's writes and base to the plan being built."""
    plan.decisions.append((mapping, decision))
    if decision.to_member is not None:
        plan.member_writes[mapping.member_field] = decision.to_member
    if decision.to_actionkit is not None:
        plan.ak_writes[mapping.ak_field] = decision.to_actionkit
    if decision.new_base is not None:
        plan.new_base[mapping.member_field] = decision.new_base


def _derive_state(plan: SyncPlan, member_now: Mapping, zip5: str) -> None:
    """Write the member's state from a zip just written to the member."""
    state = normalize_zip(zip5).state
    if state and clean(member_now.get("state")) != state:
        plan.member_writes["state"] = state
    plan.derived_state = state
