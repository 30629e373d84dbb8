"""The per-field sync rule of DESIGN §4: who writes what, given S, A and the base B.

S is the member value, A the ActionKit value, B the base (last value both sides
agreed on; None before the first sync). Values compare after trimming and a blank
never erases a value on the other side, whatever the option.

Two-way refinement (documented choice): with no base, a blank side has no history
to defend, so the non-blank side fills it rather than "the newest side wins" turning
into a no-op. With a base, a side that was cleared and wins leaves both sides alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .options import SyncOption
from .values import clean

__all__ = ["FieldDecision", "resolve_field"]


@dataclass(frozen=True)
class FieldDecision:
    """What to write on each side (None = nothing) and the base to keep afterwards."""

    to_member: str | None
    to_actionkit: str | None
    new_base: str | None
    rule: str

    @property
    def writes(self) -> bool:
        """Tell whether this decision changes either side."""
        return self.to_member is not None or self.to_actionkit is not None


def _to_member(value: str, rule: str) -> FieldDecision:
    """Write an ActionKit value to the member; both sides then agree on it."""
    return FieldDecision(to_member=value, to_actionkit=None, new_base=value, rule=rule)


def _to_actionkit(value: str, rule: str) -> FieldDecision:
    """Write a member value to ActionKit; both sides then agree on it."""
    return FieldDecision(to_member=None, to_actionkit=value, new_base=value, rule=rule)


def _nothing(base: str | None, rule: str) -> FieldDecision:
    """Write nothing and keep the base as it was."""
    return FieldDecision(to_member=None, to_actionkit=None, new_base=base, rule=rule)


def _one_way_to_actionkit(s: str, a: str, b: str | None) -> FieldDecision:
    """Member overwrites ActionKit; the member is never written."""
    if s:
        return _to_actionkit(s, "one-way to actionkit: member differs")
    return _nothing(b, "one-way to actionkit: member blank")


def _one_way_to_member(s: str, a: str, b: str | None) -> FieldDecision:
    """ActionKit overwrites the member; ActionKit is never written."""
    if a:
        return _to_member(a, "one-way to member: actionkit differs")
    return _nothing(b, "one-way to member: actionkit blank")


def _populate(s: str, a: str, b: str | None) -> FieldDecision:
    """Fill whichever side is blank; never overwrite a value."""
    if not s:
        return _to_member(a, "populate: member blank")
    if not a:
        return _to_actionkit(s, "populate: actionkit blank")
    return _nothing(b, "populate: both set, no overwrite")


def _populate_overwrite_actionkit(s: str, a: str, b: str | None) -> FieldDecision:
    """Member wins when set; otherwise ActionKit fills the blank member."""
    if s:
        return _to_actionkit(s, "populate overwrite actionkit: member differs")
    return _to_member(a, "populate overwrite actionkit: member blank")


def _populate_overwrite_member(s: str, a: str, b: str | None) -> FieldDecision:
    """ActionKit wins when set; otherwise the member fills the blank ActionKit."""
    if a:
        return _to_member(a, "populate overwrite member: actionkit differs")
    return _to_actionkit(s, "populate overwrite member: actionkit blank")


def _member_is_newer(member_changed_at: datetime | None, ak_changed_at: datetime | None) -> bool:
    """Pick the most recently updated side; a tie or an unknown time goes to the member."""
    if member_changed_at is None or ak_changed_at is None:
        return True
    return member_changed_at >= ak_changed_at


def _winner(s: str, a: str, b: str | None, member_newer: bool) -> tuple[str, str]:
    """Name the winning side ("member"/"actionkit") of a two-way conflict and why."""
    if b is not None and (s == b) != (a == b):
        side = "member" if a == b else "actionkit"
        return side, f"two-way: only {side} changed"
    side = "member" if member_newer else "actionkit"
    why = "both changed" if b is not None else "no base"
    return side, f"two-way: {why}, {side} newer"


def _two_way(s: str, a: str, b: str | None, member_newer: bool) -> FieldDecision:
    """Let the side that changed (or changed last) win, without a blank ever erasing."""
    if b is None and not (s and a):
        return _to_member(a, "two-way: no base, fill blank member") if a else _to_actionkit(
            s, "two-way: no base, fill blank actionkit"
        )
    side, rule = _winner(s, a, b, member_newer)
    value = s if side == "member" else a
    if not value:
        return _nothing(b, f"{rule}; blank never erases")
    return _to_actionkit(value, rule) if side == "member" else _to_member(value, rule)


_ONE_SIDED = {
    SyncOption.ONE_WAY_TO_ACTIONKIT: _one_way_to_actionkit,
    SyncOption.ONE_WAY_TO_MEMBER: _one_way_to_member,
    SyncOption.POPULATE: _populate,
    SyncOption.POPULATE_OVERWRITE_ACTIONKIT: _populate_overwrite_actionkit,
    SyncOption.POPULATE_OVERWRITE_MEMBER: _populate_overwrite_member,
}


def resolve_field(
    option: SyncOption | str,
    member_value: object,
    ak_value: object,
    base: object = None,
    member_changed_at: datetime | None = None,
    ak_changed_at: datetime | None = None,
) -> FieldDecision:
    """Decide one mapped field's writes so both sides converge without ping-pong."""
    option = SyncOption(option)
    s, a = clean(member_value), clean(ak_value)
    b = None if base is None else clean(base)
    if s == a:
        return _nothing(s, "equal")
    if option is SyncOption.TWO_WAY:
        return _two_way(s, a, b, _member_is_newer(member_changed_at, ak_changed_at))
    return _ONE_SIDED[option](s, a, b)
