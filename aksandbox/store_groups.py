"""User groups and their members (decision 15.1): membership changes bump user.updated_at."""
from .errors import NotFound, tastypie_error
from .store_fields import chunks
from .util import now_seconds


def parse_group_ref(value):
    """Accept '/rest/v1/usergroup/3/', {'resource_uri': ...}, '3' or 3."""
    if isinstance(value, dict):
        value = value.get("resource_uri") or value.get("id")
    text = str(value or "").strip().rstrip("/").split("/")[-1]
    if not text.isdigit():
        raise tastypie_error("user", "groups", f"Could not find the usergroup {value!r}.")
    return int(text)


class GroupStore:
    """usergroup rows and membership; mixed into Store."""

    def group_row(self, group_id):
        """The usergroup row or None."""
        return self.db.one("SELECT * FROM usergroups WHERE id = ?", (group_id,))

    def create_group(self, payload, ts):
        """POST /usergroup/ with a name; returns the id."""
        name = str(payload.get("name") or "").strip()
        if not name:
            raise tastypie_error("usergroup", "name", "This field is required.")
        return self.db.execute("INSERT INTO usergroups (name, created_at, updated_at) VALUES (?, ?, ?)",
                               (name, ts, ts))

    def update_group(self, group_id, payload, ts):
        """PATCH/PUT /usergroup/<id>/ (rename)."""
        if self.group_row(group_id) is None:
            raise NotFound()
        name = str(payload.get("name") or "").strip()
        if "name" in payload and not name:
            raise tastypie_error("usergroup", "name", "This field is required.")
        if name:
            self.db.execute("UPDATE usergroups SET name = ?, updated_at = ? WHERE id = ?", (name, ts, group_id))

    def delete_group(self, group_id, ts):
        """DELETE /usergroup/<id>/: members leave (and are touched)."""
        if self.group_row(group_id) is None:
            raise NotFound()
        members = self.group_member_ids(group_id)
        with self.db.transaction() as db:
            db.execute("DELETE FROM usergroup_members WHERE group_id = ?", (group_id,))
            db.execute("DELETE FROM usergroups WHERE id = ?", (group_id,))
            self.touch_users(members, ts)

    def group_member_ids(self, group_id):
        """Sorted user ids in a group."""
        rows = self.db.query("SELECT user_id FROM usergroup_members WHERE group_id = ? ORDER BY user_id",
                             (group_id,))
        return [row[0] for row in rows]

    def set_group_members(self, group_id, user_ids, ts=None):
        """Replace a group's members; users joining or leaving get a new updated_at."""
        ts = ts or now_seconds()
        if self.group_row(group_id) is None:
            raise NotFound()
        old, new = set(self.group_member_ids(group_id)), {int(u) for u in user_ids}
        missing = [uid for uid in new if self.user_row(uid) is None]
        if missing:
            raise tastypie_error("usergroup", "user_ids", f"Unknown user ids: {sorted(missing)}")
        with self.db.transaction() as db:
            for uid in old - new:
                db.execute("DELETE FROM usergroup_members WHERE group_id = ? AND user_id = ?", (group_id, uid))
            for uid in new - old:
                db.execute("INSERT INTO usergroup_members (group_id, user_id) VALUES (?, ?)", (group_id, uid))
            self.touch_users(old ^ new, ts)

    def set_user_groups(self, user_id, refs, ts):
        """PATCH user {"groups": [...]} replaces that user's memberships."""
        wanted = {parse_group_ref(ref) for ref in refs}
        for group_id in wanted:
            if self.group_row(group_id) is None:
                raise tastypie_error("user", "groups", f"Could not find the usergroup {group_id}.")
        with self.db.transaction() as db:
            db.execute("DELETE FROM usergroup_members WHERE user_id = ?", (user_id,))
            for group_id in sorted(wanted):
                db.execute("INSERT INTO usergroup_members (group_id, user_id) VALUES (?, ?)", (group_id, user_id))
            self.touch_user(user_id, ts)

    def touch_users(self, user_ids, ts):
        """Bump updated_at of several users."""
        for part in chunks(user_ids):
            marks = ",".join("?" * len(part))
            self.db.execute(f"UPDATE users SET updated_at = ? WHERE id IN ({marks})", (ts, *part))

    def groups_for_users(self, user_ids):
        """{user_id: [{"name", "resource_uri"}]} for a batch of users."""
        result = {}
        for part in chunks(user_ids):
            marks = ",".join("?" * len(part))
            rows = self.db.query(
                "SELECT m.user_id, g.id, g.name FROM usergroup_members m JOIN usergroups g ON g.id = m.group_id "
                f"WHERE m.user_id IN ({marks}) ORDER BY g.id", part)
            for row in rows:
                result.setdefault(row[0], []).append(
                    {"name": row[2], "resource_uri": f"/rest/v1/usergroup/{row[1]}/"})
        return result


def group_json(row):
    """One usergroup object (15.1)."""
    return {"id": row["id"], "name": row["name"], "resource_uri": f"/rest/v1/usergroup/{row['id']}/",
            "created_at": row["created_at"], "updated_at": row["updated_at"]}
