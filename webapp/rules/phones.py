"""Phones: E.164 normalization and the deterministic choice of a user's phone.

choose_phone looks only at phones of the chosen types, ordered by the chosen type
order, then by lowest phone id (ids that are not numbers after numeric ones, missing
ids last, then list order). The first *valid* phone in that order wins: a user whose
first mobile is junk but whose second mobile (or work phone) is valid is reachable,
and texting a reachable number beats reporting an error. Only when every candidate
is invalid is the user "invalid_phone"; with no candidate at all, "no_phone".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import phonenumbers

from .values import clean

__all__ = [
    "DEFAULT_PHONE_TYPES",
    "PHONE_OK",
    "PHONE_NONE",
    "PHONE_INVALID",
    "PhoneChoice",
    "normalize_phone",
    "choose_phone",
]

DEFAULT_PHONE_TYPES = ("mobile", "work", "home")
PHONE_OK = "ok"
PHONE_NONE = "no_phone"
PHONE_INVALID = "invalid_phone"


@dataclass(frozen=True)
class PhoneChoice:
    """The phone picked for a user (or why none could be): status, E.164, type, raw."""

    status: str
    e164: str | None = None
    type: str | None = None
    raw: str | None = None
    phone_id: object = None

    @property
    def ok(self) -> bool:
        """Tell whether a valid phone was found."""
        return self.status == PHONE_OK


def normalize_phone(raw: object, region: str = "US") -> str | None:
    """Return the E.164 form of a valid number, or None so junk never becomes an identity."""
    text = clean(raw)
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _id_key(phone_id: object) -> tuple:
    """Order ids numerically when they are numbers, so id 9 comes before id 10."""
    if phone_id is None:
        return (2, "")
    try:
        return (0, int(str(phone_id).strip()))
    except ValueError:
        return (1, str(phone_id))


def _candidates(phones: Iterable[Mapping], preferred_types: Iterable[str]) -> list[Mapping]:
    """Keep non-blank phones of the chosen types, in type order then lowest id."""
    order = {clean(t).lower(): i for i, t in reversed(list(enumerate(preferred_types)))}
    kept = [p for p in phones if clean(p.get("type")).lower() in order and clean(p.get("phone"))]
    return sorted(kept, key=lambda p: (order[clean(p.get("type")).lower()], _id_key(p.get("id"))))


def choose_phone(
    phones: Iterable[Mapping],
    preferred_types: Iterable[str] = DEFAULT_PHONE_TYPES,
    region: str = "US",
) -> PhoneChoice:
    """Pick the user's phone deterministically (see module docstring for the order)."""
    candidates = _candidates(phones, preferred_types)
    if not candidates:
        return PhoneChoice(status=PHONE_NONE)
    for phone in candidates:
        e164 = normalize_phone(phone.get("phone"), region)
        if e164:
            return PhoneChoice(PHONE_OK, e164, clean(phone.get("type")).lower(),
                               clean(phone.get("phone")), phone.get("id"))
    first = candidates[0]
    return PhoneChoice(PHONE_INVALID, None, clean(first.get("type")).lower(),
                       clean(first.get("phone")), first.get("id"))
