"""Blank-aware value helpers: every sync rule compares values through these."""

from __future__ import annotations

import re

__all__ = ["UNSTORABLE_CHARS", "clean", "same", "scrub"]

# NUL and other control characters (tab, newline and carriage return stay: they are whitespace),
# and lone surrogates, which no database can store: hostile bytes from a public form never get further.
# A character-class body: forms refuse these (webapp/security/text.py), ActionKit answers are scrubbed.
UNSTORABLE_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_UNSTORABLE = re.compile(f"[{UNSTORABLE_CHARS}]")


def clean(value: object) -> str:
    """Return the trimmed text of a value so None, "" and "  " all mean blank."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value).strip()


def same(left: object, right: object) -> bool:
    """Compare two values the way the sync does: after trimming, blanks equal."""
    return clean(left) == clean(right)


def scrub(value: object) -> object:
    """Copy an ActionKit answer without unstorable characters (in every string, key and nested value)."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("", value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(item) for item in value]
    return value
