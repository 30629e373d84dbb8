"""US zip codes: 5 digits (ZIP+4 cut to 5), checked against the zipcodes database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

from .values import clean

__all__ = ["ZipResult", "normalize_zip"]

# 5 digits, optionally followed by 4 more (joined by "-", a space or nothing); ASCII digits only.
_ZIP_PATTERN = re.compile(r"^([0-9]{5})(?:[- ]?[0-9]{4})?$")


@dataclass(frozen=True)
class ZipResult:
    """A normalized zip (zip5) or the reason it is not one (error), plus its place."""

    zip5: str | None
    error: str | None = None
    city: str | None = None
    state: str | None = None

    @property
    def ok(self) -> bool:
        """Tell whether the zip is valid and can be written."""
        return self.zip5 is not None


def normalize_zip(raw: object) -> ZipResult:
    """Validate and shorten a zip so only real 5-digit zips are ever written."""
    text = clean(raw)
    if not text:
        return ZipResult(None, "zip is blank")
    match = _ZIP_PATTERN.match(text)
    if not match:
        return ZipResult(None, f"invalid zip {text!r}: expected 5 digits or ZIP+4")
    zip5 = match.group(1)
    try:
        place = _place(zip5)
    except (ValueError, TypeError) as error:
        return ZipResult(None, f"invalid zip {text!r}: {error}")
    if place is None:
        return ZipResult(None, f"unknown zip {zip5!r}: not a US zip code")
    return ZipResult(zip5, None, *place)


@lru_cache(maxsize=50_000)
def _place(zip5: str) -> tuple[str | None, str | None] | None:
    """(city, state) of a zip or None; cached because a scan looks up the same zips again and again."""
    found = zipcodes.matching(zip5)
    return (found[0].get("city"), found[0].get("state")) if found else None
