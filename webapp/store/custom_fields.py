"""Custom fields: staff-named text fields on members; deleting one deletes its values."""
import re

from sqlalchemy import delete, func, select

from webapp.extensions import db
from webapp.models import CustomField, FieldMapping, MemberFieldValue
from webapp.models.members import MEMBER_FIELDS
from webapp.store.names import accepted_name, clean_name, common_name_error

NAME_MAX = 64
# Letters (any script), digits, spaces, underscores and hyphens, starting with a letter or digit:
# names travel into CSV headers and ActionKit mapping screens, so punctuation would only confuse.
NAME_PATTERN = re.compile(r"[^\W_][\w -]*")


def list_fields():
    """Every custom field ordered by name."""
    return list(db.session.scalars(select(CustomField).order_by(func.lower(CustomField.name))))


def list_fields_with_usage():
    """(field, value_count, mapping) rows for the list page: two queries, however many fields."""
    counts = dict(db.session.execute(
        select(MemberFieldValue.field_id, func.count()).where(MemberFieldValue.value != "")
        .group_by(MemberFieldValue.field_id)).all())
    mappings = {m.custom_field_id: m for m in db.session.scalars(
        select(FieldMapping).where(FieldMapping.custom_field_id.is_not(None)))}
    return [(field, counts.get(field.id, 0), mappings.get(field.id)) for field in list_fields()]


def get_field(field_id):
    """The custom field or None."""
    return db.session.get(CustomField, field_id)


def name_error(name, current=None):
    """The message explaining why `name` can't name a custom field (None when it can)."""
    error = common_name_error(CustomField, name, noun="field", max_len=NAME_MAX, current=current)
    if error:
        return error
    name = clean_name(name)
    if not NAME_PATTERN.fullmatch(name):
        return ("Use only letters, digits, spaces, underscores and hyphens, "
                "starting with a letter or digit.")
    if re.sub(r"[ -]+", "_", name.lower()) in MEMBER_FIELDS:
        return f"“{name}” is a built-in member field; choose another name."
    return None


def create_field(name):
    """Add a custom field with a valid, unique, trimmed name; raises NameRejected otherwise."""
    field = CustomField(name=accepted_name(name_error, name))
    db.session.add(field)
    db.session.flush()
    return field


def rename_field(field, name):
    """Rename under the same rules as creation (values and mappings follow the id); raises NameRejected."""
    field.name = accepted_name(name_error, name, current=field)
    db.session.flush()
    return field


def deletion_refusal(field):
    """Why the field can't be deleted (it is mapped to ActionKit), or None."""
    mapping = db.session.scalar(select(FieldMapping).where(FieldMapping.custom_field_id == field.id).limit(1))
    if mapping is None:
        return None
    kind = "userfield" if mapping.is_userfield else "field"
    return f"It is mapped to ActionKit {kind} “{mapping.ak_field}”; remove the mapping first."


def delete_field(field):
    """Delete the field and every member's value for it unless refused; returns the refusal or None."""
    refusal = deletion_refusal(field)
    if refusal:
        return refusal
    # Explicit, because SQLite doesn't enforce the ON DELETE CASCADE on member_field_value.
    db.session.execute(delete(MemberFieldValue).where(MemberFieldValue.field_id == field.id))
    db.session.delete(field)
    db.session.flush()
    return None
