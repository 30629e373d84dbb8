"""The generic ActionKit action payload that carries member changes to ActionKit.

Pushes go as `POST /rest/v1/action/` on the integration's import page: the user's
`id` (or `email` for a new user), changed core fields by name, `user_<name>` for
userfields, `action_strive_member` and, for existing users only, `action_former_data`.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

from .mapping import FieldMap
from .optin import format_opt_in, parse_opt_in
from .options import CORE_FIELDS
from .values import clean

__all__ = ["CORE_AK_FIELDS", "build_push_action"]

#: ActionKit user fields sent by name (everything else must be a mapped userfield).
CORE_AK_FIELDS = frozenset(CORE_FIELDS.values())


def _field_params(changes: Mapping[str, object], mappings: Iterable[FieldMap]) -> dict[str, str]:
    """Name each changed field as ActionKit expects: core by name, userfields as user_<name>."""
    userfields = {m.ak_field for m in mappings if m.is_userfield}
    params: dict[str, str] = {}
    for ak_field, value in changes.items():
        if ak_field in userfields:
            params[f"user_{ak_field}"] = clean(value)
        elif ak_field in CORE_AK_FIELDS:
            params[ak_field] = clean(value)
        else:
            raise ValueError(f"{ak_field!r} is neither a core ActionKit field nor a mapped userfield")
    return params


def _opt_in_text(value: object) -> str:
    """Spell an opt-in as "true"/"false" whether given as a bool or a parsed spelling."""
    known = value if isinstance(value, bool) else parse_opt_in(value).as_bool()
    if known is None:
        raise ValueError(f"opt-in value {value!r} is neither true nor false")
    return format_opt_in(known)


def build_push_action(
    page_name: str,
    changes: Mapping[str, object],
    mappings: Iterable[FieldMap],
    *,
    member_id: object,
    ak_user_id: object = None,
    email: str | None = None,
    former: Mapping[str, object] | None = None,
    phone: str | None = None,
    opt_in_field: str | None = None,
    opt_in_value: object = None,
) -> dict[str, str]:
    """Build the action POST body; phone is only sent when the action creates the user."""
    if not clean(page_name):
        raise ValueError("a push needs the import page name")
    if ak_user_id is None and not clean(email):
        raise ValueError("a push needs the ActionKit user id or, for a new user, an email")
    payload = {"page": clean(page_name), **_field_params(changes, mappings)}
    if ak_user_id is not None:
        if clean(phone):
            raise ValueError("phone is only sent when creating a user; it never syncs as a field")
        payload["id"] = clean(ak_user_id)
        payload["action_former_data"] = json.dumps(dict(former or {}), sort_keys=True, default=str)
    else:
        payload["email"] = clean(email)
        if clean(phone):
            payload["mobile_phone"] = clean(phone)
    if opt_in_field and opt_in_value is not None:
        payload[f"user_{opt_in_field}"] = _opt_in_text(opt_in_value)
    payload["action_strive_member"] = clean(member_id)
    return payload
