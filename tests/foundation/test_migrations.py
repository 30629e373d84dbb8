"""`flask db upgrade` builds exactly the models' schema, on SQLite and (in CI) PostgreSQL."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from webapp import create_app
from webapp.extensions import db
from tests.conftest import make_redis, app_config


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database of the same kind the suite runs on."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"kb_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_models_and_downgrades(empty_database_url):
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=empty_database_url), redis=make_redis())
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert diff == [], f"migration differs from models: {diff}"
            assert {"member", "ak_user", "sync_event", "push_outbox"} <= set(inspect(conn).get_table_names())
            _assert_member_trigram_indexes(conn)
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


TRIGRAM_INDEXES = {
    "ix_member_first_name_trgm": "USING gin (lower((first_name)::text) gin_trgm_ops)",
    "ix_member_last_name_trgm": "USING gin (lower((last_name)::text) gin_trgm_ops)",
    "ix_member_email_trgm": "USING gin (lower((email)::text) gin_trgm_ops)",
    "ix_member_phone_trgm": "USING gin (lower((phone)::text) gin_trgm_ops)",
}


def _trigram_index_definitions(conn):
    """Name -> definition of the member's *_trgm indexes, read from the catalog (not alembic)."""
    if conn.dialect.name == "postgresql":
        sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'member'"
    else:
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'member'"
    return {name: definition for name, definition in conn.execute(text(sql)) if name.endswith("_trgm")}


def _assert_member_trigram_indexes(conn):
    """Alembic skips expression indexes on SQLite, so check the search indexes directly."""
    definitions = _trigram_index_definitions(conn)
    if conn.dialect.name != "postgresql":
        assert definitions == {}, "SQLite cannot use trigram indexes for '%x%'; they must not exist there"
        return
    assert set(definitions) == set(TRIGRAM_INDEXES)
    for name, tail in TRIGRAM_INDEXES.items():
        assert definitions[name].endswith(tail), definitions[name]


def test_member_search_and_sort_columns_are_indexed(empty_database_url):
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=empty_database_url), redis=make_redis())
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            indexed = {col for ix in inspect(conn).get_indexes("member") for col in ix["column_names"]}
            unique = {col for uq in inspect(conn).get_unique_constraints("member") for col in uq["column_names"]}
        db.engine.dispose()
    assert {"email", "first_name", "last_name", "updated_at"} <= indexed
    assert "phone" in indexed | unique
