"""Usergroups and allowed user fields: small registries read whole and written rarely."""
from .paging import iter_objects


class GroupsMixin:
    """`usergroup` and `alloweduserfield` methods of ActionKitClient (needs `self.transport`)."""

    def iter_usergroups(self, order_by="id", **filters):
        """Lazily yield usergroup dicts `{id, name, resource_uri, created_at, updated_at}` (15.1)."""
        yield from iter_objects(self.transport, "usergroup", dict(filters, order_by=order_by))

    def iter_usergroup_member_ids(self, usergroup_id):
        """Lazily yield the ids of the group's users via `user/?groups=<id>` (15.1; isolated here)."""
        for user in iter_objects(self.transport, "user", {"groups": usergroup_id, "order_by": "id"}):
            yield user["id"]

    def list_allowed_userfields(self):
        """Names of the custom user fields ActionKit accepts (writes to others are rejected, 15.5)."""
        return [field["name"] for field in iter_objects(self.transport, "alloweduserfield", {"order_by": "name"})]

    def create_allowed_userfield(self, name):
        """Register a custom user field name; returns the name (its key, 4.3); raises ValidationError."""
        self.transport.request("POST", self.transport.url("alloweduserfield"), json={"name": name})
        return name
