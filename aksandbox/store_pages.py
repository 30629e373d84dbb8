"""Pages of three types (import, signup, petition), short names unique across types (5.x)."""
import re

from .errors import NotFound, tastypie_error

PAGE_TYPES = {"import": "Import", "signup": "Signup", "petition": "Petition"}
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
SLUG_MESSAGE = "Enter a valid 'slug' consisting of letters, numbers, underscores or hyphens."
DUPLICATE_MESSAGE = "A page with this short name already exists (it may be a hidden page)."
TEXT_COLUMNS = ("title", "status", "goal_type", "notes")
BOOL_COLUMNS = ("hidden", "never_spam_check", "allow_multiple_responses")


class PageStore:
    """Page rows and their webhook URLs; mixed into Store."""

    def page_row(self, page_id, kind=None):
        """The page row (optionally only of one type), or None."""
        row = self.db.one("SELECT * FROM pages WHERE id = ?", (page_id,))
        if row is None or (kind and row["type"] != kind):
            return None
        return row

    def page_by_name(self, name):
        """The page row with this short name, or None."""
        return self.db.one("SELECT * FROM pages WHERE name = ?", (name,))

    def validate_page_name(self, resource, name, own_id=None):
        """The three validation answers recorded for page names (5.3)."""
        if not name:
            raise tastypie_error(resource, "name", "This field is required.")
        if not SLUG_RE.match(name):
            raise tastypie_error(resource, "name", SLUG_MESSAGE)
        other = self.page_by_name(name)
        if other is not None and other["id"] != own_id:
            raise tastypie_error(resource, "name", DUPLICATE_MESSAGE)

    def create_page(self, kind, payload, ts):
        """POST /<kind>page/; returns the new id."""
        name = str(payload.get("name") or "").strip()
        self.validate_page_name(f"{kind}page", name)
        values = page_values(payload)
        values.update(name=name, type=kind, created_at=ts, updated_at=ts)
        values.setdefault("title", name)
        cols, marks = ", ".join(values), ", ".join("?" for _ in values)
        return self.db.execute(f"INSERT INTO pages ({cols}) VALUES ({marks})", tuple(values.values()))

    def update_page(self, kind, page_id, payload, ts):
        """PATCH/PUT /<kind>page/<id>/."""
        if self.page_row(page_id, kind) is None:
            raise NotFound()
        values = page_values(payload)
        if "name" in payload:
            values["name"] = str(payload.get("name") or "").strip()
            self.validate_page_name(f"{kind}page", values["name"], own_id=page_id)
        values["updated_at"] = ts
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE pages SET {sets} WHERE id = ?", (*values.values(), page_id))

    def delete_page(self, kind, page_id):
        """DELETE /<kind>page/<id>/ (its actions go too)."""
        if self.page_row(page_id, kind) is None:
            raise NotFound()
        with self.db.transaction() as db:
            db.execute("DELETE FROM actionfields WHERE action_id IN (SELECT id FROM actions WHERE page_id = ?)",
                       (page_id,))
            for sql in ("DELETE FROM actions WHERE page_id = ?", "DELETE FROM page_webhooks WHERE page_id = ?",
                        "DELETE FROM pages WHERE id = ?"):
                db.execute(sql, (page_id,))

    def set_webhooks(self, page_id, urls):
        """Replace the webhook URLs of a page (control endpoint, 15.9)."""
        with self.db.transaction() as db:
            db.execute("DELETE FROM page_webhooks WHERE page_id = ?", (page_id,))
            for url in urls:
                db.execute("INSERT INTO page_webhooks (page_id, url) VALUES (?, ?)", (page_id, url))

    def webhooks_for(self, page_id):
        """The webhook URLs of a page, in insertion order."""
        rows = self.db.query("SELECT url FROM page_webhooks WHERE page_id = ? ORDER BY rowid", (page_id,))
        return [row[0] for row in rows]


def page_values(payload):
    """Writable page columns from a request payload."""
    values = {k: str(payload[k]) for k in TEXT_COLUMNS if payload.get(k) is not None}
    values.update({k: int(bool(payload[k])) for k in BOOL_COLUMNS if k in payload})
    if payload.get("goal") is not None and str(payload["goal"]).isdigit():
        values["goal"] = int(payload["goal"])
    return values


def page_uri(row):
    """Typed page URI, e.g. /rest/v1/petitionpage/3/ (quirk 12.11)."""
    return f"/rest/v1/{row['type']}page/{row['id']}/"


def page_json(row):
    """One page object in ActionKit's shape (5.2)."""
    pid, kind = row["id"], row["type"]
    return {
        "id": pid, "resource_uri": page_uri(row), "name": row["name"], "title": row["title"],
        "type": PAGE_TYPES[kind], "status": row["status"], "hidden": bool(row["hidden"]), "url": "",
        "goal": row["goal"], "goal_type": row["goal_type"], "notes": row["notes"],
        "allow_multiple_responses": bool(row["allow_multiple_responses"]), "recognize": "once",
        "one_click": False, "never_spam_check": bool(row["never_spam_check"]),
        "list": "/rest/v1/list/1/", "language": "/rest/v1/language/100/", "hosted_with": "/rest/v1/hostingplatform/1/",
        "multilingual_campaign": None, "tags": [], "fields": {}, "required_fields": [], "groups": [],
        "followup": {"resource_uri": f"/rest/v1/pagefollowup/{pid}/", "url": f"/cms/thanks/{row['name']}/",
                     "send_email": False, "send_taf": False, "send_pushes": False, "send_notifications": False},
        "actions": f"/rest/v1/{kind}action/?page={pid}",
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }
