"""The emulator's store: one SQLite database behind a facade assembled from small mixins."""
import random
import threading

from .db import Database
from .errors import ApiError
from .store_actions import ActionStore
from .store_fields import FieldStore
from .store_groups import GroupStore
from .store_pages import PageStore
from .store_phones import PhoneStore
from .store_users import UserStore, clean_user_values
from .util import now_seconds


class Store(UserStore, FieldStore, PhoneStore, PageStore, GroupStore, ActionStore):
    """All emulator data; `handle.store` exposes it to tests for seeding and inspection."""

    def __init__(self, db_path=":memory:", seed=1):
        """Derive the token secret and rand_id generator from the seed, so runs are reproducible."""
        self.db = Database(db_path)
        self.secret = f"aksandbox-secret-{seed}"
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()

    def rng_int(self):
        """A rand_id for a new user from the store's seeded generator."""
        with self._rng_lock:
            return self._rng.randint(1, 999_999_999)

    def create_user(self, payload, ts=None):
        """Full user create from a REST payload (core fields, `fields`, `groups`); returns id."""
        ts = ts or now_seconds()
        values = clean_user_values(payload)
        if "fields" in payload:
            self.check_field_names(payload.get("fields") or {})
        with self.db.transaction():
            user_id = self.insert_user(values, ts)
            self.apply_user_extras(user_id, payload, ts)
        return user_id

    def update_user(self, user_id, payload, ts=None):
        """PATCH/PUT of a user: core fields, merged `fields`, replaced `groups`."""
        ts = ts or now_seconds()
        self.require_user(user_id)
        values = clean_user_values(payload)
        with self.db.transaction():
            self.update_user_row(user_id, values, ts)
            self.apply_user_extras(user_id, payload, ts)

    def apply_user_extras(self, user_id, payload, ts):
        """Write the nested parts of a user payload: fields (merge) and groups (replace)."""
        if payload.get("fields") is not None:
            self.merge_user_fields(user_id, payload["fields"])
        if payload.get("groups") is not None:
            if not isinstance(payload["groups"], list):
                raise ApiError(400, {"user": {"groups": ["Expected a list of usergroup URIs."]}})
            self.set_user_groups(user_id, payload["groups"], ts)

    def counts(self):
        """Row counts per table, handy in tests and the stats endpoint."""
        tables = ("users", "phones", "userfields", "alloweduserfields", "pages", "actions",
                  "actionfields", "usergroups", "usergroup_members")
        return {t: self.db.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}

    def close(self):
        """Close the database."""
        self.db.close()
