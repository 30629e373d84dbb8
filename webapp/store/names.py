"""Naming rules shared by staff-named things (groups, custom fields): trimmed, bounded, unique."""
from sqlalchemy import func, select

from webapp.extensions import db


def clean_name(name):
    """Names are compared and stored trimmed, so stray spaces never make a 'different' name."""
    return (name or "").strip()


def find_by_name(model, name):
    """The row whose name matches case-insensitively, or None."""
    return db.session.scalar(select(model).where(func.lower(model.name) == clean_name(name).lower()))


def common_name_error(model, name, *, noun, max_len, current=None):
    """Blank, too long or taken (case-insensitively, ignoring `current`); None when fine."""
    name = clean_name(name)
    if not name:
        return f"Enter a {noun} name."
    if len(name) > max_len:
        return f"Keep the {noun} name to {max_len} characters or fewer (this one has {len(name)})."
    clash = find_by_name(model, name)
    if clash is not None and (current is None or clash.id != current.id):
        return f"A {noun} named “{clash.name}” already exists; choose another name."
    return None


def accepted_name(name_error, name, current=None):
    """The trimmed name once `name_error` passes it, so create and rename can't apply different rules."""
    error = name_error(name, current=current)
    if error:
        raise NameRejected(error)
    return clean_name(name)


class NameRejected(ValueError):
    """Raised by create/rename helpers when a name breaks the rules; str() is the message."""
