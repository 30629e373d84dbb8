"""Fixtures for the Groups area: members, groups and the ActionKit rows that guard deletion."""
import html
import itertools

import pytest

from webapp.extensions import db
from webapp.models import Integration, Member

_phones = itertools.count(2015550100)


@pytest.fixture
def make_member(app):
    """Create a member with a unique (valid) phone; keyword arguments override fields."""
    def make(**fields):
        member = Member(phone=f"+1{next(_phones)}", **fields)
        db.session.add(member)
        db.session.commit()
        return member
    return make


@pytest.fixture
def integration(app):
    """An integration with sync switched on (tests switch it off as needed)."""
    row = Integration(hostname="http://ak.test", username="api", sync_enabled=True)
    db.session.add(row)
    db.session.commit()
    return row


HX = {"HX-Request": "true"}


def text(response):
    """The response body with HTML entities decoded, for readable assertions on messages."""
    return html.unescape(response.get_data(as_text=True))
