"""Search as you type stays fast: on PostgreSQL the search query is served by trigram indexes."""
import pytest
from sqlalchemy import text

from webapp.extensions import db
from webapp.store.member_query import MemberFilters, filtered_select

NAME_INDEXES = {"ix_member_first_name_trgm", "ix_member_last_name_trgm", "ix_member_email_trgm"}
PHONE_INDEX = "ix_member_phone_trgm"


def _postgresql_only():
    """The trigram indexes (and pg_trgm) exist only on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")


def _plan(query):
    """EXPLAIN of a query as the app binds it, with seq scans priced out (tiny test tables)."""
    conn = db.session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    compiled = query.compile(dialect=conn.dialect)
    return "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params))


def _trigram_index_names():
    """Names of the member's *_trgm indexes as built by create_all()."""
    if db.engine.dialect.name == "postgresql":
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'member'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'"
    return {name for name in db.session.scalars(text(sql)) if name.endswith("_trgm")}


def test_create_all_builds_trigram_indexes_on_postgresql_only(app):
    expected = NAME_INDEXES | {PHONE_INDEX} if db.engine.dialect.name == "postgresql" else set()
    assert _trigram_index_names() == expected


@pytest.mark.parametrize("query, indexes", [
    ("hopper", NAME_INDEXES),
    ("grace hopper", NAME_INDEXES),
    ("(415) 201", {PHONE_INDEX}),
    ("ext555", NAME_INDEXES | {PHONE_INDEX}),  # a word with digits also tests the phone
])
def test_search_expressions_match_the_trigram_indexes(app, query, indexes):
    _postgresql_only()
    plan = _plan(filtered_select(MemberFilters(q=query)))
    assert "Seq Scan" not in plan, plan
    assert all(f"Bitmap Index Scan on {name}" in plan for name in indexes), plan
