"""Pages, actions, action processing, usergroups and allowed user fields: everything besides users/phones."""
from .errors import id_from_location
from .paging import first_object, iter_batches_of, iter_objects, total_count
from .values import id_from_uri, user_id_from_akid


class PagesMixin:
    """`page`, `importpage` and `action` methods of ActionKitClient (needs `self.transport`)."""

    def iter_pages(self, updated_since=None, order_by="id", **filters):
        """Lazily yield page dicts (every type; `resource_uri` is the typed URI, 12.11)."""
        yield from iter_objects(self.transport, "page", dict(filters, updated_at__gte=updated_since,
                                                             order_by=order_by))

    def iter_page_batches(self, updated_since=None, order_by="updated_at", **filters):
        """Lazily yield list pages of page dicts (one request each), so a watermark walk can commit per batch."""
        yield from iter_batches_of(self.transport, "page", dict(filters, updated_at__gte=updated_since,
                                                                order_by=order_by))

    def get_page_by_name(self, name):
        """The page with this short name (unique across types), or None."""
        return first_object(self.transport, "page", {"name": name})

    def create_import_page(self, name, title):
        """Create an import page and return its id; raises ValidationError (bad or taken name)."""
        response = self.transport.request("POST", self.transport.url("importpage"),
                                          json={"name": name, "title": title})
        return id_from_location(response.headers.get("Location"))

    def iter_actions(self, page_id=None, since=None, order_by="created_at", **filters):
        """Lazily yield actions, optionally of one page and created at or after `since`, oldest first."""
        query = dict(filters, page=page_id, created_at__gte=since, order_by=order_by)
        yield from iter_objects(self.transport, "action", query)

    def iter_action_batches(self, updated_since=None, order_by="updated_at", **filters):
        """Lazily yield list pages of action dicts (e.g. `page__in`, `updated_at__gt`), one request each."""
        yield from iter_batches_of(self.transport, "action", dict(filters, updated_at__gte=updated_since,
                                                                  order_by=order_by))

    def count_actions(self, page_id):
        """How many actions the page has: `total_count` of a `_limit=1` read (one request)."""
        return total_count(self.transport, "action", {"page": page_id})

    def get_action(self, action_id):
        """The action dict (generic endpoint, any type); raises NotFound."""
        return self.transport.get_json(self.transport.url("action", action_id))

    def post_action(self, payload):
        """Process an action (6.3): `page` short name + email/id/akid + fields.

        Returns ActionKit's JSON plus `action_id` and `user_id` (from the `user` URI, else the akid).
        Raises ValidationError ({"page": ...} unknown page, {"errors": {...}} bad field)."""
        response = self.transport.request("POST", self.transport.url("action"), json=payload)
        result = self._json_or_empty(response)
        result["action_id"] = result.get("id") or result.get("action_id") or id_from_location(
            response.headers.get("Location"))
        result["user_id"] = id_from_uri(result.get("user")) or user_id_from_akid(result.get("akid"))
        return result

    @staticmethod
    def _json_or_empty(response):
        """The response JSON object, or {} when ActionKit sent none."""
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}


class GroupsMixin:
    """`usergroup` and `alloweduserfield` methods of ActionKitClient (needs `self.transport`)."""

    def iter_usergroups(self, order_by="id", **filters):
        """Lazily yield usergroup dicts `{id, name, resource_uri, created_at, updated_at}` (15.1)."""
        yield from iter_objects(self.transport, "usergroup", dict(filters, order_by=order_by))

    def iter_usergroup_batches(self, updated_since=None, order_by="updated_at", **filters):
        """Usergroups updated at or after `updated_since`, one list per page of up to 100 (a cycle's walk)."""
        yield from iter_batches_of(self.transport, "usergroup", dict(filters, updated_at__gte=updated_since,
                                                                       order_by=order_by))

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
