"""Does an action carry an actionfield (and a value)? The one rule every actionfield group's membership follows."""


def field_values(fields, name):
    """The action's values for one field name as text ([] when absent; ActionKit may repeat a field as a list)."""
    if not isinstance(fields, dict) or name not in fields:
        return []
    value = fields[name]
    values = value if isinstance(value, (list, tuple)) else [value]
    return ["" if v is None else str(v) for v in values]


def action_matches(fields, name, value=None):
    """True when the action carries field `name` with a non-blank value containing `value` (any case).

    No `value` means any non-blank value counts: an empty form field is not a field the person filled in."""
    wanted = (value or "").strip().casefold()
    return any(v.strip() and wanted in v.casefold() for v in field_values(fields, name))


def field_names(fields):
    """The field names an action carries (its `fields` object's keys), for the names staff can choose from."""
    return [str(name) for name in fields] if isinstance(fields, dict) else []
