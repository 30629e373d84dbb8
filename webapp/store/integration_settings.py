"""Integration settings rules shared by the web form and the CLI, so both refuse the same input."""
from webapp.rules.phones import DEFAULT_PHONE_TYPES

PHONE_TYPES = ("mobile", "work", "home")


class SettingsError(ValueError):
    """A setting that cannot be saved; the message is shown to staff as is."""


def parse_phone_types(value):
    """An ordered subset of mobile/work/home without repeats; empty = none chosen, so the defaults apply."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    types = [str(item).strip().lower() for item in items if str(item).strip()]
    unknown = [t for t in types if t not in PHONE_TYPES]
    if unknown:
        raise SettingsError(f"Unknown phone type {unknown[0]!r}; use mobile, work or home.")
    if len(set(types)) != len(types):
        raise SettingsError("Each phone type may appear only once.")
    return types


def phone_types_in_effect(chosen, separator=", "):
    """The types the sync uses, in words, so staff see that none chosen means the defaults."""
    if chosen:
        return separator.join(chosen)
    return "none chosen: " + separator.join(DEFAULT_PHONE_TYPES)


def check_opt_in_field(name, allowed_userfields):
    """The opt-in field must be one of the instance's allowed userfields."""
    name = (name or "").strip()
    if not name:
        raise SettingsError("Choose the opt-in userfield.")
    if name not in allowed_userfields:
        raise SettingsError(f"{name!r} is not an allowed userfield on this ActionKit instance.")
    return name


def parse_on_off(value):
    """Read on/off style switches (CLI flags, form values) into a bool."""
    text = str(value).strip().lower()
    if text in ("on", "true", "1", "yes", "y"):
        return True
    if text in ("off", "false", "0", "no", "n"):
        return False
    raise SettingsError(f"Expected on or off, got {value!r}.")


def apply_settings(integration, allowed_userfields=None, opt_in_field=None, phone_types=None,
                   create_users=None):
    """Validate every given setting first, then write them all (caller commits); None = unchanged."""
    changes = {}
    if opt_in_field is not None:
        changes["opt_in_field"] = check_opt_in_field(opt_in_field, allowed_userfields or ())
    if phone_types is not None:
        changes["phone_types"] = ",".join(parse_phone_types(phone_types))
    if create_users is not None:
        changes["create_users"] = create_users if isinstance(create_users, bool) else parse_on_off(create_users)
    for name, value in changes.items():
        setattr(integration, name, value)
    return changes
