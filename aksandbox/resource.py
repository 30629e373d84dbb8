"""The Resource description the REST views dispatch on (one per /rest/v1/<name>/)."""
from dataclasses import dataclass
from typing import Callable, Optional

from .errors import NotFound


@dataclass
class Resource:
    """What a REST resource can do; None for an operation means 405."""
    name: str
    spec: object                      # listing.ListSpec
    fetch: Callable                   # (store, key) -> row or None
    create: Optional[Callable] = None  # (store, payload, ts) -> key
    update: Optional[Callable] = None  # (store, key, payload, ts)
    delete: Optional[Callable] = None  # (store, key, ts)
    key_is_int: bool = True
    list_get: bool = True

    def parse_key(self, raw):
        """The detail key from the URL; non-numeric ids are simply unknown (404)."""
        if not self.key_is_int:
            return raw
        if not raw.isdigit():
            raise NotFound()
        return int(raw)

    def get_json(self, store, key):
        """The detail object, or NotFound."""
        row = self.fetch(store, key)
        if row is None:
            raise NotFound()
        return self.spec.serialize(store, [row])[0]

    def list_methods(self):
        """allowed_list_http_methods for the schema and 405 checks."""
        return (["get"] if self.list_get else []) + (["post"] if self.create else [])

    def detail_methods(self):
        """allowed_detail_http_methods for the schema and 405 checks."""
        methods = ["get"]
        if self.update:
            methods += ["put", "patch"]
        if self.delete:
            methods.append("delete")
        return methods
