"""Custom fields store: naming rules, usage listing, delete with values, refusal while mapped."""
import re

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import CustomField, FieldMapping, MemberFieldValue
from webapp.store import custom_fields as store
from webapp.store.names import NameRejected

pytestmark = pytest.mark.usefixtures("app")


def _values(field_id):
    """How many member values are stored for the field."""
    return db.session.scalar(select(func.count()).where(MemberFieldValue.field_id == field_id))


@pytest.mark.parametrize("name, message", [
    ("", "Enter a field name."),
    ("   ", "Enter a field name."),
    ("f" * 65, "Keep the field name to 64 characters or fewer (this one has 65)."),
    ("t-shirt size", "A field named “T-shirt size” already exists"),
    ("Shirt/size", "Use only letters, digits, spaces, underscores and hyphens"),
    ("_private", "starting with a letter or digit"),
    ("First name", "“First name” is a built-in member field"),
    ("ZIP", "built-in member field"),
])
def test_create_rejects_bad_names_and_saves_nothing(make_field, name, message):
    make_field("T-shirt size")
    with pytest.raises(NameRejected, match=re.escape(message)):
        store.create_field(name)
    db.session.rollback()
    assert [f.name for f in store.list_fields()] == ["T-shirt size"]


@pytest.mark.parametrize("name", ["  Employer  ", "shift_2", "Ñandú 3", "x" * 64])
def test_create_accepts_and_trims(name):
    assert store.create_field(name).name == name.strip()


def test_rename_keeps_values_and_allows_case_change(make_field, members):
    field = make_field("employer", {members[0]: "ACME"})
    make_field("Occupation")
    assert store.rename_field(field, "Employer").name == "Employer"
    with pytest.raises(NameRejected, match="“Occupation” already exists"):
        store.rename_field(field, " occupation")
    assert field.name == "Employer" and _values(field.id) == 1


def test_list_with_usage_counts_nonblank_values_and_mapping(make_field, members, map_field):
    color = make_field("Color", {members[0]: "red", members[1]: "blue", members[2]: ""})
    make_field("Age")
    map_field(color, "fav_color")
    rows = [(f.name, n, m.ak_field if m else None) for f, n, m in store.list_fields_with_usage()]
    assert rows == [("Age", 0, None), ("Color", 2, "fav_color")]


def test_delete_removes_field_and_only_its_values(make_field, members):
    doomed = make_field("Doomed", {m: "x" for m in members})
    kept = make_field("Kept", {members[0]: "y"})
    assert store.deletion_refusal(doomed) is None
    assert store.delete_field(doomed) is None
    db.session.commit()
    assert db.session.get(CustomField, doomed.id) is None
    assert _values(doomed.id) == 0 and _values(kept.id) == 1


def test_delete_refused_while_mapped_and_nothing_deleted(make_field, members, map_field):
    field = make_field("Color", {members[0]: "red"})
    map_field(field, "fav_color")
    refusal = store.delete_field(field)
    assert refusal == "It is mapped to ActionKit userfield “fav_color”; remove the mapping first."
    db.session.rollback()
    assert db.session.get(CustomField, field.id) is not None and _values(field.id) == 1
    db.session.delete(db.session.scalar(select(FieldMapping)))
    db.session.commit()
    assert store.deletion_refusal(field) is None
