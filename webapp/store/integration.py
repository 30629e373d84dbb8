"""The single ActionKit integration of this install, and its field mappings."""
from webapp.extensions import db
from webapp.models import FieldMapping, Integration


def get_integration():
    """The configured integration (one per install), or None before the first connect."""
    return db.session.scalar(db.select(Integration).order_by(Integration.id).limit(1))


def get_active_integration():
    """The integration only while Sync Accounts is on."""
    integration = get_integration()
    return integration if integration is not None and integration.sync_enabled else None


def list_mappings(integration):
    """Field mappings of the integration, core fields first, then custom fields by id."""
    query = (db.select(FieldMapping).filter_by(integration_id=integration.id)
             .order_by(FieldMapping.custom_field_id.is_not(None), FieldMapping.id))
    return list(db.session.scalars(query))


def scan_complete(integration):
    """The activation's first full scan finished: only then may a cycle read users by updated_at."""
    return integration.users_watermark is not None
