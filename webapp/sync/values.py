"""Blank-aware value helpers: every sync rule compares values through these."""

from __future__ import annotations

__all__ = ["clean", "is_blank", "same"]


def clean(value: object) -> str:
    """Return the trimmed text of a value so None, "" and "  " all mean blank."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value).strip()


def is_blank(value: object) -> bool:
    """Tell whether a value is blank (missing, empty or whitespace only)."""
    return clean(value) == ""


def same(left: object, right: object) -> bool:
    """Compare two values the way the sync does: after trimming, blanks equal."""
    return clean(left) == clean(right)
