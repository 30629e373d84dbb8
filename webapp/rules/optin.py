"""Opt-in: the member's `subscribed` flag <-> the chosen ActionKit userfield.

Parsing is case-insensitive on trimmed text. Writes to ActionKit are "true"/"false".
Unknown values (e.g. "TBD") never overwrite an existing member's status; a new
member created from an unknown value starts unsubscribed and "false" is written back.
On the first link to an existing member the member's value wins, unless that value came from another
ActionKit user (a takeover: this user's own value decides, as at creation); after that the side
that changed since the base wins, or the most recent change (tie/unknown: member).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .values import clean

__all__ = [
    "OptIn",
    "OptInDecision",
    "TRUE_SPELLINGS",
    "FALSE_SPELLINGS",
    "parse_opt_in",
    "format_opt_in",
    "resolve_opt_in",
]


class OptIn(Enum):
    """An ActionKit opt-in value as the sync understands it."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"
    MISSING = "missing"

    def as_bool(self) -> bool | None:
        """Return True/False for a known value, None when it cannot decide."""
        return {OptIn.TRUE: True, OptIn.FALSE: False}.get(self)


TRUE_SPELLINGS = frozenset({"t", "true", "1", "y", "yes", "opt in", "opt-in"})
FALSE_SPELLINGS = frozenset({"f", "false", "0", "n", "no", "opt out", "opt-out"})


@dataclass(frozen=True)
class OptInDecision:
    """The member's resulting status, what to write on each side, and the new base."""

    subscribed: bool
    to_member: bool | None
    to_actionkit: str | None
    new_base: bool | None
    rule: str

    @property
    def writes(self) -> bool:
        """Tell whether this decision changes either side."""
        return self.to_member is not None or self.to_actionkit is not None


def parse_opt_in(raw: object) -> OptIn:
    """Read a raw userfield value so every spelling staff use maps to one meaning."""
    if isinstance(raw, bool):
        return OptIn.TRUE if raw else OptIn.FALSE
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else None
    text = clean(raw).lower()
    if not text:
        return OptIn.MISSING
    if text in TRUE_SPELLINGS:
        return OptIn.TRUE
    if text in FALSE_SPELLINGS:
        return OptIn.FALSE
    return OptIn.UNKNOWN


def format_opt_in(subscribed: bool) -> str:
    """Spell a status the one way we write it to ActionKit."""
    return "true" if subscribed else "false"


def _member_wins(member: bool, rule: str) -> OptInDecision:
    """Keep the member's status and write it back to ActionKit."""
    return OptInDecision(member, None, format_opt_in(member), member, rule)


def _ak_wins(value: bool, rule: str) -> OptInDecision:
    """Take ActionKit's status onto the member."""
    return OptInDecision(value, value, None, value, rule)


def _new_member(parsed: OptIn) -> OptInDecision:
    """Start a member created from a user; unknown starts unsubscribed and is written back."""
    value = parsed.as_bool()
    if value is None:
        return OptInDecision(False, False, "false", False, "new member: unknown opt-in, unsubscribed")
    return OptInDecision(value, value, None, value, f"new member: opt-in {format_opt_in(value)}")


def _takeover(member: bool, parsed: OptIn) -> OptInDecision:
    """The member's status came from another ActionKit user: this user's own value decides, as at creation."""
    value = parsed.as_bool()
    if value is None:
        return OptInDecision(False, False if member else None, "false", False,
                             "takeover: unknown opt-in, unsubscribed")
    return OptInDecision(value, value if value != member else None, None, value,
                         f"takeover: this user's opt-in {format_opt_in(value)}")


def _latest_change(
    member: bool, value: bool, base: bool | None, member_at: datetime | None, ak_at: datetime | None
) -> OptInDecision:
    """Let the side that changed since the base win, else the newest (tie: member)."""
    if base is not None:
        if value == base:
            return _member_wins(member, "opt-in: member changed")
        return _ak_wins(value, "opt-in: actionkit changed")
    if member_at is None or ak_at is None or member_at >= ak_at:
        return _member_wins(member, "opt-in: no base, member newer")
    return _ak_wins(value, "opt-in: no base, actionkit newer")


def resolve_opt_in(
    member_subscribed: bool | None,
    ak_raw: object,
    first_link: bool = False,
    base: bool | None = None,
    member_changed_at: datetime | None = None,
    ak_changed_at: datetime | None = None,
    borrowed: bool = False,
) -> OptInDecision:
    """Decide the opt-in writes; member_subscribed None means the member is being created.

    borrowed: the member's status was taken from another ActionKit user (a phone this user now owns);
    it is never written to this user."""
    parsed = parse_opt_in(ak_raw)
    if member_subscribed is None:
        return _new_member(parsed)
    if borrowed:
        return _takeover(bool(member_subscribed), parsed)
    member = bool(member_subscribed)
    value = parsed.as_bool()
    if value is None and first_link:
        return _member_wins(member, "opt-in: first link, actionkit unknown, member written back")
    if value is None:
        return OptInDecision(member, None, None, base, "opt-in: unknown never overwrites member")
    if value == member:
        return OptInDecision(member, None, None, member, "opt-in: equal")
    if first_link:
        return _member_wins(member, "opt-in: first link, member wins")
    return _latest_change(member, value, base, member_changed_at, ak_changed_at)
