"""Phones: stored as given, normalized to digits, `type` or `phone_type` on write (15.4)."""
from .errors import NotFound, tastypie_error
from .store_fields import chunks
from .util import PHONE_TYPES, normalize_phone


def parse_user_ref(value, resource="phone"):
    """Accept '/rest/v1/user/12/', '12' or 12 as a user reference."""
    text = str(value or "").strip().rstrip("/").split("/")[-1]
    if not text.isdigit():
        raise tastypie_error(resource, "user", "A valid user URI is required.")
    return int(text)


def phone_type_from(payload, default=None):
    """Read the type from `type` or `phone_type`, validating the enum."""
    kind = payload.get("type", payload.get("phone_type", default))
    if kind is None:
        return None
    kind = str(kind).strip().lower()
    if kind not in PHONE_TYPES:
        raise tastypie_error("phone", "type", f"Select a valid choice. {kind} is not one of the available choices.")
    return kind


class PhoneStore:
    """Phone rows; mixed into Store."""

    def phone_row(self, phone_id):
        """The phone row or None."""
        return self.db.one("SELECT * FROM phones WHERE id = ?", (phone_id,))

    def create_phone(self, payload, ts):
        """POST /phone/: needs user, phone and a type; touches the owner. Returns the id."""
        user_id = parse_user_ref(payload.get("user"))
        self.require_user(user_id)
        phone = str(payload.get("phone") or "").strip()
        if not phone:
            raise tastypie_error("phone", "phone", "This field is required.")
        kind = phone_type_from(payload, default="home")
        return self.add_phone(user_id, phone, kind, str(payload.get("source") or "api"), ts)

    def add_phone(self, user_id, phone, kind, source, ts):
        """Insert a phone row and bump the owner's updated_at."""
        phone_id = self.db.execute(
            "INSERT INTO phones (user_id, phone, normalized_phone, type, source, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (user_id, phone, normalize_phone(phone), kind, source, ts, ts))
        self.touch_user(user_id, ts)
        return phone_id

    def update_phone(self, phone_id, payload, ts):
        """PATCH/PUT /phone/<id>/: phone and/or type change."""
        row = self.phone_row(phone_id)
        if row is None:
            raise NotFound()
        phone = str(payload.get("phone", row["phone"])).strip()
        kind = phone_type_from(payload, default=row["type"])
        self.db.execute("UPDATE phones SET phone = ?, normalized_phone = ?, type = ?, updated_at = ? "
                        "WHERE id = ?", (phone, normalize_phone(phone), kind, ts, phone_id))
        self.touch_user(row["user_id"], ts)

    def upsert_typed_phone(self, user_id, phone, kind, ts):
        """Decision 15.6: action processing adds or updates the phone of that type."""
        row = self.db.one("SELECT id, phone FROM phones WHERE user_id = ? AND type = ? ORDER BY id LIMIT 1",
                          (user_id, kind))
        if row is None:
            return self.add_phone(user_id, phone, kind, "user", ts)
        if row["phone"] != phone:
            self.update_phone(row["id"], {"phone": phone}, ts)
        return row["id"]

    def delete_phone(self, phone_id, ts):
        """DELETE /phone/<id>/."""
        row = self.phone_row(phone_id)
        if row is None:
            raise NotFound()
        self.db.execute("DELETE FROM phones WHERE id = ?", (phone_id,))
        self.touch_user(row["user_id"], ts)

    def phone_ids_for_users(self, user_ids):
        """{user_id: [phone ids]} for a batch of users."""
        result = {}
        for part in chunks(user_ids):
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"SELECT user_id, id FROM phones WHERE user_id IN ({marks}) "
                                     "ORDER BY id", part):
                result.setdefault(row[0], []).append(row[1])
        return result


def phone_json(row):
    """One phone object (4.2)."""
    return {
        "id": row["id"], "resource_uri": f"/rest/v1/phone/{row['id']}/",
        "user": f"/rest/v1/user/{row['user_id']}/", "phone": row["phone"],
        "normalized_phone": row["normalized_phone"], "type": row["type"], "source": row["source"],
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }
