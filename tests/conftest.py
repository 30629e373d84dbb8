"""Shared fixtures: an app per test on SQLite+fakeredis, or PostgreSQL+Redis when CI says so.

TEST_DATABASE_URL / TEST_REDIS_URL switch the backends (CI runs the suite both ways).
The schema is built once per session; each test ends by emptying every table.
"""
import itertools
import os
import socket
import tempfile
import threading
import time
from datetime import datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from webapp import create_app
from webapp.extensions import db
from webapp.models import CustomField, Group, GroupMembership, Member, MemberFieldValue

_SCHEMA_READY = set()
_TMP = tempfile.mkdtemp(prefix="kitbridge-tests-")
ENCRYPTION_KEY = Fernet.generate_key().decode()


def poll(check, timeout=10.0, interval=0.05, before=None):
    """check()'s first truthy value within `timeout` seconds, else None; before() runs ahead of each try."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if before is not None:
            before()
        result = check()
        if result:
            return result
        time.sleep(interval)
    return None


def wait_for_rows(check, timeout=20.0, what="the condition", interval=0.05):
    """Poll check() with fresh database reads (another thread or process writes); fail after `timeout`."""
    result = poll(check, timeout, interval, before=db.session.rollback)
    if not result:
        raise AssertionError(f"timed out waiting for {what}")
    return result


def database_url():
    """The database the suite runs on: a temp SQLite file unless CI sets PostgreSQL."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP}/test.db"


def make_redis():
    """A real Redis (flushed) when TEST_REDIS_URL is set, else an isolated fakeredis."""
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        import redis
        connection = redis.Redis.from_url(url)
        connection.flushdb()
        return connection
    import fakeredis
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())


def app_config(**overrides):
    """Config every test app starts from."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "ENCRYPTION_KEY": ENCRYPTION_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "ACTIONKIT_ALLOW_INSECURE": True,
        "HTMX_URL": "/_test/htmx.min.js",
        "HTMX_SRI": "",
    }
    config.update(overrides)
    return config


def _empty_tables():
    """Delete every row, children first, so the next test starts clean."""
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def _fresh_g():
    """Requests reuse the test's pushed app context, so give each one an empty g as production does."""
    from flask import g
    g.__dict__.clear()


def build_app(**overrides):
    """Create an app and make sure its schema exists (once per database per session)."""
    app = create_app(app_config(**overrides), redis=make_redis())
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url not in _SCHEMA_READY:
        with app.app_context():
            db.drop_all()  # a reused CI/dev database may hold an older schema
            db.create_all()
        _SCHEMA_READY.add(url)
    return app


@pytest.fixture
def app():
    """An app with an app context pushed; tables are emptied afterwards."""
    app = build_app()
    with app.app_context():
        yield app
        _empty_tables()


@pytest.fixture
def client(app):
    """A test client (no login)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def staff(app):
    """A staff account with a known password."""
    from webapp.cli.staff import create_or_update_admin
    user = create_or_update_admin("staff@example.org", "correct horse battery")
    db.session.commit()
    return user


@pytest.fixture
def auth_client(client, staff):
    """A test client already signed in as `staff`."""
    response = client.post("/login", data={"email": staff.email, "password": "correct horse battery"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def make_group(app):
    """Create a group of any kind directly (bypassing the staff naming flow)."""
    def make(name, kind="manual"):
        group = Group(name=name, kind=kind)
        db.session.add(group)
        db.session.commit()
        return group
    return make


_numbers, _clock = itertools.count(2125550100), itertools.count()

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
    """Create a custom field, optionally with {member: value} values."""
    def make(name, values=None):
        field = CustomField(name=name)
        db.session.add(field)
        db.session.flush()
        for member, value in (values or {}).items():
            db.session.add(MemberFieldValue(member_id=member.id, field_id=field.id, value=value))
        db.session.commit()
        return field
    return make


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers (a hung ActionKit)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    listener.close()
