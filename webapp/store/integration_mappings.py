"""Field mappings: which member field flows to which ActionKit field, and how (caller commits)."""
from webapp.extensions import db
from webapp.models import CustomField, FieldMapping
from webapp.rules import FieldMap
from webapp.store.integration import list_mappings
from webapp.rules.options import CORE_FIELDS, allowed_options
from webapp.rules.options import check_option as rules_check_option


class MappingError(ValueError):
    """A mapping that cannot be saved; the message is shown to staff as is."""


def member_key(mapping):
    """The rules' key for a mapping's member side: the core name or custom:<field id>."""
    return mapping.member_field or f"custom:{mapping.custom_field_id}"


def field_maps(integration):
    """The integration's mappings as the pure FieldMap values the rules take."""
    return [FieldMap(member_key(m), m.ak_field, bool(m.is_userfield), m.option) for m in list_mappings(integration)]


def _member_field(mapping_or_name):
    """The member side's name (custom fields: custom:<id>, which may use all six options)."""
    return mapping_or_name if isinstance(mapping_or_name, str) else member_key(mapping_or_name)


def options_for(mapping_or_name):
    """The options a mapping (or member field name) may use."""
    return allowed_options(_member_field(mapping_or_name))


def field_label(mapping):
    """What staff call the member side of a mapping."""
    if mapping.custom_field_id is not None:
        return mapping.custom_field.name
    return mapping.member_field.replace("_", " ").capitalize()


def check_option(mapping_or_name, option):
    """The rules' option check, its refusal turned into a message staff see."""
    try:
        return rules_check_option(_member_field(mapping_or_name), option)
    except ValueError as exc:
        raise MappingError(str(exc)) from exc


def get_mapping(integration, mapping_id):
    """One mapping of this integration, or None."""
    mapping = db.session.get(FieldMapping, mapping_id)
    return mapping if mapping is not None and mapping.integration_id == integration.id else None


def find_mapping(integration, member_field):
    """The mapping of a core field name or a custom field's name, or None."""
    query = db.select(FieldMapping).filter_by(integration_id=integration.id)
    if member_field in CORE_FIELDS:
        return db.session.scalar(query.filter_by(member_field=member_field))
    custom = find_custom_field(member_field)
    return custom and db.session.scalar(query.filter_by(custom_field_id=custom.id))


def find_custom_field(name):
    """A member custom field by name (case-insensitive), or None."""
    return db.session.scalar(db.select(CustomField).filter(db.func.lower(CustomField.name)
                                                           == (name or "").strip().lower()))


def unmapped_custom_fields(integration):
    """Custom fields not yet mapped, for the "+ Add field" form."""
    mapped = db.select(FieldMapping.custom_field_id).filter(
        FieldMapping.integration_id == integration.id, FieldMapping.custom_field_id.is_not(None))
    query = db.select(CustomField).filter(CustomField.id.not_in(mapped)).order_by(CustomField.name)
    return list(db.session.scalars(query))


def add_custom_mapping(integration, custom_field, userfield, option, allowed_userfields):
    """Map a member custom field to an allowed ActionKit userfield not mapped yet."""
    if custom_field is None:
        raise MappingError("Choose a member custom field.")
    if userfield not in allowed_userfields:
        raise MappingError(f"{userfield!r} is not an allowed userfield on this ActionKit instance.")
    taken = db.session.scalar(db.select(FieldMapping).filter_by(
        integration_id=integration.id, ak_field=userfield, is_userfield=True))
    if taken is not None and taken.custom_field_id != custom_field.id:
        raise MappingError(f"The userfield {userfield!r} is already mapped to {field_label(taken)}.")
    mapping = find_mapping(integration, custom_field.name) or FieldMapping(
        integration_id=integration.id, custom_field_id=custom_field.id, is_userfield=True)
    mapping.ak_field, mapping.option = userfield, check_option(custom_field.name, option).value
    db.session.add(mapping)
    db.session.flush()
    return mapping


def set_option(mapping, option):
    """Change how a mapped field flows."""
    mapping.option = check_option(mapping, option).value
    return mapping


def map_field(integration, member_field, option, userfield=None, allowed_userfields=()):
    """The CLI's one entry: map a core field or a custom field by name, or change its option."""
    if member_field in CORE_FIELDS:
        if userfield:
            raise MappingError(f"{member_field} is a core field; it always maps to ActionKit's {member_field}.")
        mapping = find_mapping(integration, member_field) or FieldMapping(
            integration_id=integration.id, member_field=member_field, ak_field=CORE_FIELDS[member_field])
        db.session.add(set_option(mapping, option))
        return mapping
    custom = find_custom_field(member_field)
    if custom is None:
        raise MappingError(f"No core field or custom field named {member_field!r}.")
    if userfield:
        return add_custom_mapping(integration, custom, userfield, option, allowed_userfields)
    mapping = find_mapping(integration, custom.name)
    if mapping is None:
        raise MappingError(f"{custom.name} is not mapped yet; give --userfield.")
    return set_option(mapping, option)


def remove_mapping(mapping):
    """Stop syncing a custom field; core mappings stay (activation needs them)."""
    if mapping.custom_field_id is None:
        raise MappingError("Core field mappings cannot be removed; change their option instead.")
    db.session.delete(mapping)
    db.session.flush()
