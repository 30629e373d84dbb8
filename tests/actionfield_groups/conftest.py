"""Fixtures: an integration with synced and unsynced pages, and stored actions inserted directly."""
import itertools

import pytest

from webapp.extensions import db
from webapp.models import AkAction, AkPage, Integration

_action_ids = itertools.count(1)


@pytest.fixture
def integration(app):
    """A connected integration with sync on."""
    row = Integration(hostname="http://ak.test", username="api", sync_enabled=True)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def pages(integration):
    """{name: page}: two synced pages and one that is not synced."""
    rows = {name: AkPage(integration_id=integration.id, ak_id=i, name=name, synced=synced)
            for i, (name, synced) in enumerate((("volunteer", True), ("petition", True), ("old", False)), 1)}
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


@pytest.fixture
def add_action(integration):
    """Store one processed action of a member on a page with the given fields; returns the row."""
    def add(page, member, **fields):
        row = AkAction(integration_id=integration.id, ak_id=next(_action_ids), page_id=page.id,
                       page_ak_id=page.ak_id, ak_user_id=member.id if member else None,
                       member_id=member.id if member else None, fields=fields, outcome="added")
        db.session.add(row)
        db.session.commit()
        return row
    return add
