"""Field mappings and the plain-dict views of each side that the plan works on.

Member values are keyed by FieldMap.member_field (core names like "zip" or custom
field keys); ActionKit values by FieldMap.ak_field (core user field or userfield name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .options import SyncOption, parse_option
from .values import clean
from .zips import normalize_zip

__all__ = [
    "FieldMap",
    "is_zip",
    "is_state",
    "ak_values_from_user",
    "initial_values_for_member",
    "initial_values_for_user",
]


@dataclass(frozen=True)
class FieldMap:
    """One mapped field: member key, ActionKit key, whether it is a userfield, and how it syncs."""

    member_field: str
    ak_field: str
    is_userfield: bool = False
    option: SyncOption = SyncOption.POPULATE

    def __post_init__(self) -> None:
        """Accept option names or labels from forms and rows, stored as the enum."""
        object.__setattr__(self, "option", parse_option(self.option))


def is_zip(mapping: FieldMap) -> bool:
    """Tell whether a mapping carries the member's zip, which is validated and drives state."""
    return mapping.member_field == "zip" and not mapping.is_userfield


def is_state(mapping: FieldMap) -> bool:
    """Tell whether a mapping carries the member's state, which the zip derives."""
    return mapping.member_field == "state" and not mapping.is_userfield


def _text(value: object) -> str:
    """Turn an ActionKit value into sync text: lists (multi-value userfields) joined by ", "."""
    if isinstance(value, (list, tuple)):
        return ", ".join(clean(v) for v in value if clean(v))
    return clean(value)


def ak_values_from_user(user: Mapping, mappings: Iterable[FieldMap]) -> dict[str, str]:
    """Read the mapped values of an AK user JSON: core fields on the user, userfields in "fields"."""
    userfields = user.get("fields") or {}
    return {
        m.ak_field: _text(userfields.get(m.ak_field) if m.is_userfield else user.get(m.ak_field))
        for m in mappings
    }


def _creation_values(pairs: Iterable[tuple[FieldMap, str, object]]) -> dict[str, str]:
    """Keep non-blank values for a new record; zips normalized, invalid zips left out."""
    values: dict[str, str] = {}
    for mapping, key, raw in pairs:
        value = _text(raw)
        if value and is_zip(mapping):
            value = normalize_zip(value).zip5 or ""
        if value:
            values[key] = value
    return values


def initial_values_for_member(mappings: Iterable[FieldMap], ak_values: Mapping) -> dict[str, str]:
    """Give a member created from a user all the user's mapped values (creation is no overwrite)."""
    mappings = list(mappings)
    values = _creation_values((m, m.member_field, ak_values.get(m.ak_field)) for m in mappings)
    state = normalize_zip(values.get("zip")).state
    if state:
        values["state"] = state
    return values


def initial_values_for_user(mappings: Iterable[FieldMap], member_values: Mapping) -> dict[str, str]:
    """Give a user created from a member all the member's mapped values, keyed by AK field."""
    return _creation_values((m, m.ak_field, member_values.get(m.member_field)) for m in mappings)
