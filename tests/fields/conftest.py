"""Fixtures for the Custom fields area: members with values and an ActionKit mapping."""
import html
import itertools

import pytest

from webapp.extensions import db
from webapp.models import FieldMapping, Integration, Member

_phones = itertools.count(3125550100)
HX = {"HX-Request": "true"}


@pytest.fixture
def members(app):
    """Three members to hang values on."""
    rows = [Member(phone=f"+1{next(_phones)}", first_name=n) for n in ("Ann", "Bob", "Cy")]
    db.session.add_all(rows)
    db.session.commit()
    return rows


@pytest.fixture
def map_field(app):
    """Map a custom field to an ActionKit userfield."""
    def mapping(field, ak_field="favorite_color"):
        integration = Integration(hostname="http://ak.test", username="api")
        db.session.add(integration)
        db.session.flush()
        row = FieldMapping(integration_id=integration.id, custom_field_id=field.id, ak_field=ak_field,
                           is_userfield=True, option="populate")
        db.session.add(row)
        db.session.commit()
        return row
    return mapping


def text(response):
    """The response body with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))
