"""Custom user fields: the alloweduserfield registry and per-user values (4.3, 15.5)."""
import re

from .errors import ApiError, NotFound, processing_error, tastypie_error

NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
ALLOWED_COLUMNS = ("display_name", "field_type", "field_default", "description", "order_index")
BOOL_COLUMNS = ("hidden", "required", "allow_multiple")


def chunks(ids, size=500):
    """Split id lists so IN (...) stays under SQLite's variable limit."""
    ids = list(ids)
    return [ids[i:i + size] for i in range(0, len(ids), size)]


class FieldStore:
    """alloweduserfield rows and userfield values; mixed into Store."""

    def allowed_field_row(self, name):
        """The registry row for `name`, or None."""
        return self.db.one("SELECT * FROM alloweduserfields WHERE name = ?", (name,))

    def allowed_field_names(self):
        """Set of registered custom field names."""
        return {row[0] for row in self.db.query("SELECT name FROM alloweduserfields")}

    def create_allowed_field(self, payload, ts):
        """Register a field name; 400 on a bad or duplicate name. Returns the name."""
        name = str(payload.get("name") or "").strip()
        if not name:
            raise tastypie_error("alloweduserfield", "name", "This field is required.")
        if not NAME_RE.match(name):
            raise tastypie_error("alloweduserfield", "name",
                                 "Enter a valid name consisting of letters, numbers or underscores.")
        if self.allowed_field_row(name):
            raise tastypie_error("alloweduserfield", "name",
                                 "Allowed user field with this Name already exists.")
        values = allowed_values(payload)
        values.setdefault("display_name", name)
        values.update(name=name, created_at=ts, updated_at=ts)
        cols, marks = ", ".join(values), ", ".join("?" for _ in values)
        self.db.execute(f"INSERT INTO alloweduserfields ({cols}) VALUES ({marks})", tuple(values.values()))
        return name

    def update_allowed_field(self, name, payload, ts):
        """PATCH/PUT of a registry row (the name itself is the key and cannot change)."""
        if not self.allowed_field_row(name):
            raise NotFound()
        values = dict(allowed_values(payload), updated_at=ts)
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE alloweduserfields SET {sets} WHERE name = ?", (*values.values(), name))

    def delete_allowed_field(self, name):
        """Remove a registry row (values already stored stay, as in ActionKit)."""
        if not self.allowed_field_row(name):
            raise NotFound()
        self.db.execute("DELETE FROM alloweduserfields WHERE name = ?", (name,))

    def check_field_names(self, names):
        """Decision 15.5: writing an unregistered name is a 400 errors body."""
        allowed = self.allowed_field_names()
        for name in names:
            if name not in allowed:
                raise processing_error(name, f"'{name}' is not an allowed user field; "
                                             "create it through /rest/v1/alloweduserfield/ first.")

    def merge_user_fields(self, user_id, fields):
        """Merge name->value into the user's fields; None removes a value."""
        if not isinstance(fields, dict):
            raise ApiError(400, {"user": {"fields": ["Expected an object of field name to value."]}})
        self.check_field_names(fields)
        with self.db.transaction() as db:
            for name, value in fields.items():
                if value is None:
                    db.execute("DELETE FROM userfields WHERE user_id = ? AND name = ?", (user_id, name))
                    continue
                text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
                db.execute("INSERT OR REPLACE INTO userfields (user_id, name, value) VALUES (?, ?, ?)",
                           (user_id, name, text))

    def fields_for_users(self, user_ids):
        """{user_id: {name: value}} for a batch of users."""
        result = {}
        for part in chunks(user_ids):
            marks = ",".join("?" * len(part))
            for row in self.db.query(f"SELECT user_id, name, value FROM userfields "
                                     f"WHERE user_id IN ({marks})", part):
                result.setdefault(row[0], {})[row[1]] = row[2]
        return result


def allowed_values(payload):
    """Writable registry columns from a request payload."""
    values = {k: str(payload[k]) for k in ALLOWED_COLUMNS if k in payload and payload[k] is not None}
    values.update({k: int(bool(payload[k])) for k in BOOL_COLUMNS if k in payload})
    return values


def allowed_field_json(row):
    """One alloweduserfield object; its URI uses the name, not an id (4.3)."""
    return {
        "name": row["name"], "display_name": row["display_name"], "field_type": row["field_type"],
        "field_default": row["field_default"], "field_length": None, "field_regex": "",
        "field_choices": "", "choices": [], "allow_multiple": bool(row["allow_multiple"]),
        "always_show": False, "hidden": bool(row["hidden"]), "required": bool(row["required"]),
        "order_index": row["order_index"], "description": row["description"],
        "created_at": row["created_at"], "updated_at": row["updated_at"],
        "resource_uri": f"/rest/v1/alloweduserfield/{row['name']}/",
    }
