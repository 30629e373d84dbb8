"""Fixtures for the members area: members, custom fields and groups created directly."""
import itertools
from datetime import datetime, timedelta

import pytest

from webapp.extensions import db
from webapp.models import CustomField, GroupMembership, Member, MemberFieldValue

_numbers = itertools.count(2125550100)
_clock = itertools.count()


@pytest.fixture
def make_member(app):
    """Create a member with a unique valid phone and a distinct updated_at; kwargs override."""
    def make(custom=None, groups=(), **fields):
        fields.setdefault("phone", f"+1{next(_numbers)}")
        stamp = datetime(2026, 1, 1) + timedelta(minutes=next(_clock))
        fields.setdefault("updated_at", stamp)
        fields.setdefault("created_at", stamp)
        member = Member(**fields)
        db.session.add(member)
        db.session.flush()
        for field, value in (custom or {}).items():
            db.session.add(MemberFieldValue(member_id=member.id, field_id=field.id, value=value))
        for group in groups:
            db.session.add(GroupMembership(group_id=group.id, member_id=member.id))
        db.session.commit()
        return member
    return make


@pytest.fixture
def make_field(app):
    """Create a custom text field."""
    def make(name):
        field = CustomField(name=name)
        db.session.add(field)
        db.session.commit()
        return field
    return make


def member_count():
    """How many members exist (to prove nothing was saved)."""
    return db.session.scalar(db.select(db.func.count()).select_from(Member))


HX = {"HX-Request": "true"}
