"""Users and phones: the records a sync scans, fetched in pages of 100 to spend the budget well."""
from .answers import check_object
from .errors import id_from_location
from .paging import PAGE_SIZE, first_object, iter_objects, iter_batches_of, total_count
from .values import chunks, id_from_uri


class UsersMixin:
    """`user` and `phone` methods of ActionKitClient (needs `self.transport`)."""

    def verify_credentials(self):
        """Prove the host and staff login work with one cheap call; returns the user count.

        Raises AuthError ("ActionKit rejected the username or password"), ConnectionFailed, ActionKitError."""
        return total_count(self.transport, "user")

    def count_users(self, **filters):
        """How many users match `filters` (one request, `_limit=1`)."""
        return total_count(self.transport, "user", filters)

    def iter_users(self, updated_since=None, updated_before=None, order_by="updated_at", **filters):
        """Lazily yield user dicts with updated_at in [updated_since, updated_before), ordered."""
        yield from iter_objects(self.transport, "user", self._user_filters(
            updated_since, updated_before, order_by, filters))

    def iter_user_batches(self, updated_since=None, updated_before=None, order_by="updated_at", **filters):
        """Like iter_users, but one list per page of up to 100 users."""
        yield from iter_batches_of(self.transport, "user", self._user_filters(
            updated_since, updated_before, order_by, filters))

    def iter_users_with_phones(self, updated_since=None, updated_before=None, order_by="updated_at", **filters):
        """Yield (user, [phones]) with one batched `phone/?user__in=` per page: 2 requests per 100 users."""
        for users in self.iter_user_batches(updated_since, updated_before, order_by, **filters):
            phones = self.get_phones_for_users([user["id"] for user in users])
            for user in users:
                yield user, phones.get(user["id"], [])

    @staticmethod
    def _user_filters(updated_since, updated_before, order_by, filters):
        """The query for a user scan; the time window is half-open so consecutive windows never overlap."""
        return dict(filters, updated_at__gte=updated_since, updated_at__lt=updated_before, order_by=order_by)

    def get_user(self, user_id):
        """The user dict; raises NotFound, or MalformedAnswer for a user without an id."""
        url = self.transport.url("user", user_id)
        return check_object("user", self.transport.get_json(url), url)

    def get_user_by_email(self, email):
        """The user owning `email`, or None (ActionKit emails are unique)."""
        return first_object(self.transport, "user", {"email": email})

    def get_users_by_ids(self, ids):
        """User dicts for `ids` via `id__in`, 100 per request; unknown ids are simply absent."""
        users = []
        for batch in chunks(list(dict.fromkeys(ids)), PAGE_SIZE):
            users.extend(iter_objects(self.transport, "user", {"id__in": batch}))
        return users

    def create_user(self, data):
        """Create a user and return its id (from Location, 12.2); raises Conflict with `.existing_id`."""
        response = self.transport.request("POST", self.transport.url("user"), json=data)
        return id_from_location(response.headers.get("Location"))

    def update_user(self, user_id, data):
        """PATCH the given fields (202, empty body); `fields` merges by name (15.5); raises Conflict/NotFound."""
        self.transport.request("PATCH", self.transport.url("user", user_id), json=data)

    def iter_phone_batches(self, types=None, updated_since=None, order_by="id", **filters):
        """Lazily yield pages of phone dicts of the given types (`type__in`), optionally updated since a time."""
        query = dict(filters, type__in=list(types) if types else None,
                     updated_at__gte=updated_since, order_by=order_by)
        yield from iter_batches_of(self.transport, "phone", query)

    def iter_phones(self, types=None, updated_since=None, order_by="id", **filters):
        """Lazily yield phone dicts of the given types, one by one."""
        for phones in self.iter_phone_batches(types, updated_since, order_by, **filters):
            yield from phones

    def get_phones_for_users(self, user_ids):
        """{user id: [phone dicts]} via `user__in`, 100 users per request (pages followed if >100 phones)."""
        by_user = {}
        for batch in chunks(list(dict.fromkeys(user_ids)), PAGE_SIZE):
            for phone in iter_objects(self.transport, "phone", {"user__in": batch, "order_by": "id"}):
                by_user.setdefault(id_from_uri(phone.get("user")), []).append(phone)
        return by_user
