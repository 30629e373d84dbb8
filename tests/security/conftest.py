"""Fixtures for hostile-input and hardening tests: members, fields and groups made directly."""
import itertools

import pytest

from webapp.extensions import db
from webapp.models import CustomField, Member, MemberFieldValue

_numbers = itertools.count(2125550300)
NUL = "\x00"
HX = {"HX-Request": "true"}


@pytest.fixture
def make_member(app):
    """A member with a unique valid phone; `custom` maps CustomField -> value."""
    def make(custom=None, **fields):
        fields.setdefault("phone", f"+1{next(_numbers)}")
        member = Member(**fields)
        db.session.add(member)
        db.session.flush()
        for field, value in (custom or {}).items():
            db.session.add(MemberFieldValue(member_id=member.id, field_id=field.id, value=value))
        db.session.commit()
        return member
    return make


@pytest.fixture
def make_field(app):
    """A custom text field."""
    def make(name):
        field = CustomField(name=name)
        db.session.add(field)
        db.session.commit()
        return field
    return make


def count(model):
    """Rows of a model, to prove a refused form saved nothing."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))
