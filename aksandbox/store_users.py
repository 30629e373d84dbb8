"""Users: create/update/delete with ActionKit's email, zip and token rules, plus serialization."""
import re

from . import zips
from .errors import NotFound, email_conflict, tastypie_error
from .util import make_token

CORE_FIELDS = (
    "email", "prefix", "first_name", "middle_name", "last_name", "suffix", "address1",
    "address2", "city", "state", "region", "zip", "plus4", "postal", "country", "source",
    "subscription_status",
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SUBSCRIPTION_STATUSES = ("subscribed", "unsubscribed", "bounced", "never", "blocked")


def fill_from_zip(values):
    """Decision 15.7: a zip written without city/state brings both (and region/postal)."""
    zip_code = str(values.get("zip") or "").strip()
    if not zip_code or values.get("city") or values.get("state"):
        return values
    found = zips.lookup(zip_code)
    if found:
        values["city"], values["state"] = found
        values["region"] = found[1]
    values.setdefault("postal", zip_code[:5])
    return values


def clean_user_values(payload):
    """Keep only writable core columns, as strings, validating email and status."""
    values = {k: ("" if payload[k] is None else str(payload[k])) for k in CORE_FIELDS if k in payload}
    if "email" in values:
        values["email"] = values["email"].strip()
        if not EMAIL_RE.match(values["email"]):
            raise tastypie_error("user", "email", "Enter a valid email address.")
    status = values.get("subscription_status")
    if status is not None and status not in SUBSCRIPTION_STATUSES:
        raise tastypie_error("user", "subscription_status", f"'{status}' is not a valid choice.")
    return fill_from_zip(values)


class UserStore:
    """User rows; mixed into Store, which provides self.db and self.secret."""

    def user_row(self, user_id):
        """The user row or None."""
        return self.db.one("SELECT * FROM users WHERE id = ?", (user_id,))

    def require_user(self, user_id):
        """The user row, or NotFound (404) when the id is unknown."""
        row = self.user_row(user_id)
        if row is None:
            raise NotFound()
        return row

    def user_id_by_email(self, email):
        """Id of the user owning this email (case-insensitive), or None."""
        return self.db.scalar("SELECT id FROM users WHERE email = ? COLLATE NOCASE", (email.strip(),))

    def check_email_free(self, email, own_id=None):
        """409 with Location of the owner if another user already has this email."""
        owner = self.user_id_by_email(email)
        if owner is not None and owner != own_id:
            raise email_conflict(email, owner)

    def insert_user(self, values, ts):
        """Insert a validated user row, then mint its token; returns the new id."""
        if not values.get("email"):
            raise tastypie_error("user", "email", "This field is required.")
        self.check_email_free(values["email"])
        values = dict(values, created_at=ts, updated_at=ts, rand_id=self.rng_int())
        values.setdefault("subscription_status", "never")
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.db.transaction() as db:
            user_id = db.execute(f"INSERT INTO users ({cols}) VALUES ({marks})", tuple(values.values()))
            db.execute("UPDATE users SET token = ? WHERE id = ?", (make_token(self.secret, user_id), user_id))
        return user_id

    def update_user_row(self, user_id, values, ts):
        """Write changed core columns and bump updated_at."""
        if values.get("email"):
            self.check_email_free(values["email"], own_id=user_id)
        elif "email" in values:
            raise tastypie_error("user", "email", "This field is required.")
        values = dict(values, updated_at=ts)
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id))

    def touch_user(self, user_id, ts):
        """Bump updated_at, e.g. after a membership, phone or field change."""
        self.db.execute("UPDATE users SET updated_at = ? WHERE id = ?", (ts, user_id))

    def delete_user(self, user_id):
        """Delete a user and everything hanging off it."""
        self.require_user(user_id)
        with self.db.transaction() as db:
            for table in ("phones", "userfields", "usergroup_members"):
                db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM actionfields WHERE action_id IN (SELECT id FROM actions WHERE user_id = ?)", (user_id,))
            db.execute("DELETE FROM actions WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))

    def serialize_users(self, rows):
        """User JSON objects for rows, batching fields, phone URIs and groups in 3 queries."""
        ids = [row["id"] for row in rows]
        fields = self.fields_for_users(ids)
        phones = self.phone_ids_for_users(ids)
        groups = self.groups_for_users(ids)
        return [user_json(r, fields.get(r["id"], {}), phones.get(r["id"], []), groups.get(r["id"], []))
                for r in rows]


def user_json(row, fields, phone_ids, groups):
    """One user object in ActionKit's shape (4.1, 15.1)."""
    uid = row["id"]
    body = {"id": uid, "resource_uri": f"/rest/v1/user/{uid}/"}
    body.update({k: row[k] for k in CORE_FIELDS})
    body.update(
        rand_id=row["rand_id"], token=row["token"],
        lang="/rest/v1/language/100/", created_at=row["created_at"], updated_at=row["updated_at"],
        fields=fields, phones=[f"/rest/v1/phone/{p}/" for p in phone_ids], groups=groups,
        actions=f"/rest/v1/action/?user={uid}", events=f"/rest/v1/event/?user={uid}",
        eventsignups=f"/rest/v1/eventsignup/?user={uid}", orders=f"/rest/v1/order/?user={uid}",
        subscriptions=f"/rest/v1/subscription/?user={uid}",
        subscriptionhistory=f"/rest/v1/subscriptionhistory/?user={uid}",
        location=f"/rest/v1/location/{uid}/", useroriginal=f"/rest/v1/useroriginal/{uid}/",
    )
    return body
