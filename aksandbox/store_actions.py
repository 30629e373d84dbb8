"""Actions and their custom action fields; typed resource URIs per page type (6.1)."""
from .errors import ApiError, NotFound
from .store_fields import chunks
from .store_pages import PAGE_TYPES


class ActionStore:
    """Action rows; mixed into Store."""

    def action_row(self, action_id, kind=None):
        """The action row (optionally only of one type), or None."""
        row = self.db.one("SELECT * FROM actions WHERE id = ?", (action_id,))
        if row is None or (kind and row["type"] != kind):
            return None
        return row

    def insert_action(self, page, user_id, source, flags, ts):
        """Insert an action on `page` for `user_id`; flags = (created_user, subscribed_user)."""
        return self.db.execute(
            "INSERT INTO actions (page_id, user_id, type, source, created_user, subscribed_user, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (page["id"], user_id, page["type"], source, int(flags[0]), int(flags[1]), ts, ts))

    def merge_action_fields(self, action_id, fields):
        """Merge custom action fields (bare names, values as strings)."""
        if not isinstance(fields, dict):
            raise ApiError(400, {"action": {"fields": ["Expected an object of field name to value."]}})
        for name, value in fields.items():
            if value is None:
                self.db.execute("DELETE FROM actionfields WHERE action_id = ? AND name = ?", (action_id, name))
                continue
            self.db.execute("INSERT OR REPLACE INTO actionfields (action_id, name, value) VALUES (?, ?, ?)",
                            (action_id, name, str(value)))

    def update_action(self, action_id, kind, payload, ts):
        """PATCH/PUT an action: merge `fields`, optionally change created_at/status/source (6.2)."""
        if self.action_row(action_id, kind) is None:
            raise NotFound()
        with self.db.transaction():
            if "fields" in payload:
                self.merge_action_fields(action_id, payload["fields"])
            for column in ("created_at", "status", "source"):
                if payload.get(column):
                    self.db.execute(f"UPDATE actions SET {column} = ? WHERE id = ?", (str(payload[column]), action_id))
            self.db.execute("UPDATE actions SET updated_at = ? WHERE id = ?", (ts, action_id))

    def delete_action(self, action_id, kind):
        """DELETE an action and its fields."""
        if self.action_row(action_id, kind) is None:
            raise NotFound()
        with self.db.transaction() as db:
            db.execute("DELETE FROM actionfields WHERE action_id = ?", (action_id,))
            db.execute("DELETE FROM actions WHERE id = ?", (action_id,))

    def serialize_actions(self, rows):
        """Action JSON objects for rows, batching fields and user tokens."""
        ids = [row["id"] for row in rows]
        fields, tokens = {}, {}
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"SELECT action_id, name, value FROM actionfields "
                                     f"WHERE action_id IN ({marks})", part):
                fields.setdefault(row[0], {})[row[1]] = row[2]
        user_ids = sorted({row["user_id"] for row in rows})
        for part in chunks(user_ids):
            marks = ",".join("?" * len(part))
            tokens.update((r[0], r[1]) for r in self.db.query(f"SELECT id, token FROM users WHERE id IN ({marks})", part))
        return [action_json(r, fields.get(r["id"], {}), tokens.get(r["user_id"])) for r in rows]


def action_uri(row):
    """Typed action URI, e.g. /rest/v1/importaction/7/ (quirk 12.11)."""
    return f"/rest/v1/{row['type']}action/{row['id']}/"


def action_json(row, fields, akid):
    """One action object in ActionKit's shape (6.1)."""
    return {
        "id": row["id"], "resource_uri": action_uri(row), "type": PAGE_TYPES[row["type"]],
        "page": f"/rest/v1/{row['type']}page/{row['page_id']}/", "user": f"/rest/v1/user/{row['user_id']}/",
        "akid": akid, "status": row["status"], "source": row["source"],
        "created_user": bool(row["created_user"]), "subscribed_user": bool(row["subscribed_user"]),
        "fields": fields, "ip_address": row["ip_address"], "is_forwarded": False, "link": None,
        "mailing": None, "referring_mailing": None, "referring_user": None, "opq_id": "",
        "taf_emails_sent": None, "created_at": row["created_at"], "updated_at": row["updated_at"],
    }
