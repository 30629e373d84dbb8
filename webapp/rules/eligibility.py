"""Which ActionKit users can sync, and which user owns a phone shared by several.

A user is eligible when it has a valid phone of one of the chosen types and a
non-empty opt-in value (an unknown value like "TBD" is non-empty, so eligible).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .optin import OptIn, parse_opt_in
from .phones import DEFAULT_PHONE_TYPES, PHONE_INVALID, PHONE_NONE, PhoneChoice, choose_phone
from .values import clean

__all__ = [
    "STATUS_ELIGIBLE",
    "STATUS_SYNCED",
    "STATUS_NO_PHONE",
    "STATUS_INVALID_PHONE",
    "STATUS_NO_OPT_IN",
    "STATUS_DUPLICATE_PHONE",
    "STATUS_ERROR",
    "STATUS_LABELS",
    "Eligibility",
    "evaluate_user",
    "opt_in_raw_value",
    "PhoneClaim",
    "claim_phone",
]

STATUS_ELIGIBLE = "eligible"  # candidate: becomes "synced" once linked
STATUS_SYNCED = "synced"
STATUS_NO_PHONE = "no_phone"
STATUS_INVALID_PHONE = "invalid_phone"
STATUS_NO_OPT_IN = "no_opt_in"
STATUS_DUPLICATE_PHONE = "duplicate_phone"
STATUS_ERROR = "error"

STATUS_LABELS = {
    STATUS_ELIGIBLE: "Eligible",
    STATUS_SYNCED: "Synced",
    STATUS_NO_PHONE: "No phone",
    STATUS_INVALID_PHONE: "Invalid phone",
    STATUS_NO_OPT_IN: "No opt-in value",
    STATUS_DUPLICATE_PHONE: "Duplicate phone",
    STATUS_ERROR: "Error",
}


@dataclass(frozen=True)
class Eligibility:
    """A user's sync status with a sentence staff can read, the phone and the opt-in."""

    status: str
    reason: str
    phone: PhoneChoice
    opt_in: OptIn
    opt_in_raw: str

    @property
    def eligible(self) -> bool:
        """Tell whether the user can be linked to a member."""
        return self.status == STATUS_ELIGIBLE


def opt_in_raw_value(user: Mapping, opt_in_field: str) -> str:
    """Read the opt-in userfield text from an AK user (lists joined, blanks as "")."""
    value = (user.get("fields") or {}).get(opt_in_field)
    if isinstance(value, (list, tuple)):
        value = ", ".join(clean(v) for v in value if clean(v))
    return clean(value)


def _phone_reason(phone: PhoneChoice, phone_types: Iterable[str]) -> str:
    """Explain a phone problem in a sentence that names what was looked for."""
    if phone.status == PHONE_NONE:
        return f"No phone of the chosen types ({', '.join(phone_types)})."
    return f"The {phone.type} phone {phone.raw!r} is not a valid phone number."


def evaluate_user(
    user: Mapping,
    phones: Iterable[Mapping],
    opt_in_field: str,
    phone_types: Iterable[str] = DEFAULT_PHONE_TYPES,
    region: str = "US",
) -> Eligibility:
    """Classify a scanned user so every user keeps a status and a readable reason."""
    phone_types = [clean(t).lower() for t in phone_types]
    phone = choose_phone(phones, phone_types, region)
    raw = opt_in_raw_value(user, opt_in_field)
    opt_in = parse_opt_in(raw)
    if phone.status in (PHONE_NONE, PHONE_INVALID):
        status = STATUS_NO_PHONE if phone.status == PHONE_NONE else STATUS_INVALID_PHONE
        return Eligibility(status, _phone_reason(phone, phone_types), phone, opt_in, raw)
    if opt_in is OptIn.MISSING:
        reason = f"The opt-in field {opt_in_field!r} is empty."
        return Eligibility(STATUS_NO_OPT_IN, reason, phone, opt_in, raw)
    reason = f"Eligible: {phone.type} phone {phone.e164}, opt-in {raw!r}."
    return Eligibility(STATUS_ELIGIBLE, reason, phone, opt_in, raw)


@dataclass(frozen=True)
class PhoneClaim:
    """Who owns a phone a user holds: a lower-id owner it loses to, or the holders it displaces."""

    owner: int | None
    displaced: tuple[int, ...]

    @property
    def duplicate(self) -> bool:
        """Tell whether the user loses the phone and is never synced."""
        return self.owner is not None


def claim_phone(ak_id: int, holder_ids: Iterable[int]) -> PhoneClaim:
    """One user per phone: the lowest ActionKit id owns it, whatever order the users arrive in."""
    others = sorted({int(h) for h in holder_ids} - {int(ak_id)})
    lower = [h for h in others if h < int(ak_id)]
    if lower:
        return PhoneClaim(lower[0], ())
    return PhoneClaim(None, tuple(others))
