"""Groups store: counted listing in one query, naming rules, select list, member lookup."""
import re

import pytest
from sqlalchemy import event

from webapp.extensions import db
from webapp.models import Group
from webapp.store import groups as store
from webapp.store.memberships import add_member_to_group
from webapp.store.names import NameRejected

pytestmark = pytest.mark.usefixtures("app")


def _count_statements(fn):
    """Run fn and return (result, number of SQL statements it issued)."""
    statements = []
    listener = lambda *args, **kwargs: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        return fn(), len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def test_list_counts_members_per_group(make_group, make_member):
    big, small, empty = make_group("Big"), make_group("Small"), make_group("Empty")
    members = [make_member() for _ in range(3)]
    for m in members:
        add_member_to_group(big, m, actor="t")
    add_member_to_group(small, members[0], actor="t")
    rows = store.list_groups().items
    assert [(g.name, n) for g, n in rows] == [("Big", 3), ("Empty", 0), ("Small", 1)]


def test_list_sorts_by_member_count_descending(make_group, make_member):
    a, b = make_group("A"), make_group("B")
    add_member_to_group(b, make_member(), actor="t")
    assert [g.name for g, _ in store.list_groups("-members").items] == ["B", "A"]


def test_list_query_count_does_not_grow_with_groups(make_group, make_member):
    for i in range(12):
        group = make_group(f"G{i}")
        add_member_to_group(group, make_member(), actor="t")
    db.session.expire_all()
    page, statements = _count_statements(lambda: store.list_groups(per_page=50))
    assert len(page.items) == 12 and all(n == 1 for _, n in page.items)
    assert statements == 2  # one count, one grouped select: no N+1


def test_list_paginates(make_group):
    for i in range(5):
        make_group(f"G{i}")
    page = store.list_groups(page=2, per_page=2)
    assert [g.name for g, _ in page.items] == ["G2", "G3"]
    assert (page.total, page.pages, page.has_prev, page.has_next) == (5, 3, True, True)
    assert store.list_groups(page=99, per_page=2).number == 3  # clamped to the last page


def test_select_list_is_id_name_by_name(make_group):
    b, a = make_group("beta"), make_group("Alpha")
    assert store.list_groups_for_select() == [(a.id, "Alpha"), (b.id, "beta")]


@pytest.mark.parametrize("name, message", [
    ("", "Enter a group name."),
    ("   ", "Enter a group name."),
    ("x" * 201, "200 characters or fewer"),
    ("volunteers", "already exists"),
    ("  VOLUNTEERS ", "already exists"),
])
def test_create_rejects_bad_names_and_saves_nothing(make_group, name, message):
    make_group("Volunteers")
    with pytest.raises(NameRejected, match=re.escape(message)):
        store.create_group(name)
    db.session.rollback()
    assert db.session.query(Group).count() == 1


def test_create_trims_and_accepts_max_length():
    assert store.create_group("  Phone bank  ").name == "Phone bank"
    assert len(store.create_group("y" * 200).name) == 200


def test_rename_allows_own_name_in_new_case_but_not_anothers(make_group):
    group, other = make_group("Volunteers"), make_group("Donors")
    assert store.rename_group(group, " VOLUNTEERS ").name == "VOLUNTEERS"
    with pytest.raises(NameRejected, match="“Donors” already exists"):
        store.rename_group(group, "donors")
    assert store.name_error("", current=group) == "Enter a group name."
    assert other.name == "Donors"


def test_find_member_by_phone_or_email(make_member):
    ann = make_member(email="Ann@Example.org")
    assert store.find_member(f" {ann.phone} ") == (ann, None)
    assert store.find_member("(201) 555-" + ann.phone[-4:])[0] == ann
    assert store.find_member("ann@example.ORG") == (ann, None)
    assert store.find_member("")[1] == "Enter the member's phone number or email."
    assert "No member has the email" in store.find_member("nobody@example.org")[1]


def test_find_member_refuses_ambiguous_email(make_member):
    make_member(email="shared@example.org")
    make_member(email="shared@example.org")
    member, error = store.find_member("shared@example.org")
    assert member is None and "More than one member" in error
