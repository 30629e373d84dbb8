"""One SQLite connection guarded by a lock: simple, thread-safe, fast enough for an emulator."""
import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  prefix TEXT DEFAULT '', first_name TEXT DEFAULT '', middle_name TEXT DEFAULT '',
  last_name TEXT DEFAULT '', suffix TEXT DEFAULT '', address1 TEXT DEFAULT '',
  address2 TEXT DEFAULT '', city TEXT DEFAULT '', state TEXT DEFAULT '', region TEXT DEFAULT '',
  zip TEXT DEFAULT '', plus4 TEXT DEFAULT '', postal TEXT DEFAULT '',
  country TEXT DEFAULT 'United States', source TEXT DEFAULT '',
  subscription_status TEXT DEFAULT 'never', rand_id INTEGER, token TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS users_created ON users(created_at);
CREATE INDEX IF NOT EXISTS users_updated ON users(updated_at);
CREATE TABLE IF NOT EXISTS alloweduserfields (
  name TEXT PRIMARY KEY, display_name TEXT DEFAULT '', field_type TEXT DEFAULT 'string',
  field_default TEXT DEFAULT '', description TEXT DEFAULT '', hidden INTEGER DEFAULT 0,
  required INTEGER DEFAULT 0, allow_multiple INTEGER DEFAULT 0, order_index INTEGER DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS userfields (
  user_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (user_id, name));
CREATE TABLE IF NOT EXISTS phones (
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, phone TEXT NOT NULL,
  normalized_phone TEXT NOT NULL, type TEXT NOT NULL, source TEXT DEFAULT 'user',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS phones_user ON phones(user_id);
CREATE INDEX IF NOT EXISTS phones_type ON phones(type, id);
CREATE INDEX IF NOT EXISTS phones_created ON phones(created_at);
CREATE INDEX IF NOT EXISTS phones_updated ON phones(updated_at);
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT DEFAULT '',
  type TEXT NOT NULL, status TEXT DEFAULT 'active', hidden INTEGER DEFAULT 0,
  goal INTEGER, goal_type TEXT DEFAULT 'actions', notes TEXT DEFAULT '',
  never_spam_check INTEGER DEFAULT 0, allow_multiple_responses INTEGER DEFAULT 1,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pages_type ON pages(type, id);
CREATE INDEX IF NOT EXISTS pages_updated ON pages(updated_at);
CREATE TABLE IF NOT EXISTS page_webhooks (page_id INTEGER NOT NULL, url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
  type TEXT NOT NULL, status TEXT DEFAULT 'complete', source TEXT DEFAULT 'restful_api',
  created_user INTEGER DEFAULT 0, subscribed_user INTEGER DEFAULT 0,
  ip_address TEXT DEFAULT '127.0.0.1', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS actions_page ON actions(page_id, id);
CREATE INDEX IF NOT EXISTS actions_user ON actions(user_id);
CREATE INDEX IF NOT EXISTS actions_created ON actions(created_at);
CREATE INDEX IF NOT EXISTS actions_updated ON actions(updated_at);
CREATE TABLE IF NOT EXISTS actionfields (
  action_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (action_id, name));
CREATE TABLE IF NOT EXISTS usergroups (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS usergroup_members (
  group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (group_id, user_id));
CREATE INDEX IF NOT EXISTS members_user ON usergroup_members(user_id);
"""


class Database:
    """A lock-guarded sqlite3 connection usable from the threaded werkzeug server."""

    def __init__(self, path=":memory:"):
        """One shared connection in autocommit mode, so the lock and explicit BEGIN decide transactions."""
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.executescript(SCHEMA)

    def query(self, sql, params=()):
        """All rows of a SELECT as sqlite3.Row objects."""
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql, params=()):
        """The first row of a SELECT, or None."""
        with self.lock:
            return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql, params=()):
        """The first column of the first row, or None."""
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql, params=()):
        """Run one write statement and return its lastrowid."""
        with self.lock:
            return self.conn.execute(sql, params).lastrowid

    def executemany(self, sql, rows):
        """Bulk insert, used by the seed generator."""
        with self.lock:
            self.conn.executemany(sql, rows)

    def transaction(self):
        """Context manager: hold the lock and wrap statements in BEGIN/COMMIT."""
        return _Transaction(self)

    def close(self):
        """Close the connection (the handle's stop() calls this)."""
        with self.lock:
            self.conn.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT/ROLLBACK while holding the lock; nested uses join the outer one."""

    def __init__(self, db):
        """Wrap the database; the lock is taken only on entry."""
        self.db = db

    def __enter__(self):
        """Take the lock, and BEGIN only if no outer transaction is open, so nesting joins it."""
        self.db.lock.acquire()
        self.outer = not self.db.conn.in_transaction
        if self.outer:
            self.db.conn.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        """Commit or roll back only the outer transaction, and always release the lock."""
        try:
            if self.outer:
                self.db.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.db.lock.release()
        return False
