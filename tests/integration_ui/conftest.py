"""Fixtures for the ActionKit area: a live in-process aksandbox and a connected integration."""
import pytest

from aksandbox.server import start_sandbox
from webapp.extensions import db
from webapp.models import AkUser, CustomField, SyncEvent

SANDBOX_USER = "kitbridge-staff"
SANDBOX_PASSWORD = "Sandbox-Secret-9f3aQ"  # distinctive, so "never rendered" checks mean something


@pytest.fixture(scope="module")
def sandbox():
    """A seeded ActionKit emulator shared by one test module (no record limit)."""
    handle = start_sandbox(users=40, seed=7, username=SANDBOX_USER, password=SANDBOX_PASSWORD,
                           records_per_minute=0)
    yield handle
    handle.stop()


@pytest.fixture
def connected(app, sandbox):
    """An integration connected to the sandbox through the real connect path."""
    from jobs import sync
    integration = sync.connect_instance(sandbox.base_url, SANDBOX_USER, SANDBOX_PASSWORD)
    db.session.commit()
    return integration


@pytest.fixture
def custom_field(app):
    """A member text custom field to map."""
    field = CustomField(name="Favorite issue")
    db.session.add(field)
    db.session.commit()
    return field


def add_ak_user(integration, ak_id, status="synced", **values):
    """A scanned ActionKit user row (what the scan job would write)."""
    user = AkUser(integration_id=integration.id, ak_id=ak_id, status=status,
                  reason=values.pop("reason", ""), **values)
    db.session.add(user)
    db.session.flush()
    return user


def add_event(ak_id, field, old, new, direction="to_member", rule="populate", source="actionkit"):
    """One ledger row for an ActionKit user."""
    event = SyncEvent(ak_user_id=ak_id, field=field, old_value=old, new_value=new,
                      direction=direction, rule=rule, source=source)
    db.session.add(event)
    return event
