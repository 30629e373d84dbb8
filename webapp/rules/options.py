"""Sync options (how a mapped field flows) and which fields may use which option."""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType

__all__ = [
    "SyncOption",
    "CORE_FIELDS",
    "DEFAULT_OPTIONS",
    "EMAIL_OPTIONS",
    "NEVER_SYNCED_FIELDS",
    "allowed_options",
    "parse_option",
    "check_option",
]


class SyncOption(str, Enum):
    """How one mapped field moves between the member list and ActionKit."""

    ONE_WAY_TO_ACTIONKIT = "one_way_to_actionkit"
    ONE_WAY_TO_MEMBER = "one_way_to_member"
    POPULATE = "populate"
    POPULATE_OVERWRITE_ACTIONKIT = "populate_overwrite_actionkit"
    POPULATE_OVERWRITE_MEMBER = "populate_overwrite_member"
    TWO_WAY = "two_way"

    @property
    def label(self) -> str:
        """The UI label staff see in the field-mapping form."""
        return _LABELS[self]

    def __str__(self) -> str:
        """Render as the machine name so f-strings and forms store "populate", not the enum repr."""
        return self.value


_LABELS = {
    SyncOption.ONE_WAY_TO_ACTIONKIT: "One-way, overwrite ActionKit",
    SyncOption.ONE_WAY_TO_MEMBER: "One-way, overwrite member list",
    SyncOption.POPULATE: "Populate, no overwrite",
    SyncOption.POPULATE_OVERWRITE_ACTIONKIT: "Populate, overwrite ActionKit",
    SyncOption.POPULATE_OVERWRITE_MEMBER: "Populate, overwrite member",
    SyncOption.TWO_WAY: "Two-way, overwrite both",
}

#: Member core field -> ActionKit user field (same names on both sides).
CORE_FIELDS = MappingProxyType(
    {name: name for name in ("first_name", "last_name", "email", "city", "state", "zip")}
)

#: Default option per core field: populate everywhere, nothing overwritten.
DEFAULT_OPTIONS = MappingProxyType({name: SyncOption.POPULATE for name in CORE_FIELDS})

#: ActionKit email is a unique key we never change, so only these two apply.
EMAIL_OPTIONS = (SyncOption.POPULATE, SyncOption.ONE_WAY_TO_MEMBER)

#: Phone is the identity key: it links users to members and is never synced as a field.
NEVER_SYNCED_FIELDS = frozenset({"phone"})


def allowed_options(member_field: str) -> tuple[SyncOption, ...]:
    """List the options a member field may use, so forms offer only legal choices."""
    if member_field in NEVER_SYNCED_FIELDS:
        return ()
    if member_field == "email":
        return EMAIL_OPTIONS
    return tuple(SyncOption)


def parse_option(text: object) -> SyncOption:
    """Read an option from a machine name or a UI label; ValueError names the choices."""
    if isinstance(text, SyncOption):
        return text
    wanted = str(text if text is not None else "").strip().lower()
    for option in SyncOption:
        if wanted in (option.value, option.label.lower()):
            return option
    choices = ", ".join(option.value for option in SyncOption)
    raise ValueError(f"unknown sync option {text!r}; expected one of: {choices}")


def check_option(member_field: str, option: object) -> SyncOption:
    """Parse an option and reject it when the field may not use it (e.g. email two-way)."""
    parsed = parse_option(option)
    allowed = allowed_options(member_field)
    if parsed not in allowed:
        names = ", ".join(o.value for o in allowed) or "none (never synced)"
        field = member_field.replace("_", " ")
        raise ValueError(f"Option {parsed.value!r} is not allowed for {field}; allowed: {names}.")
    return parsed
