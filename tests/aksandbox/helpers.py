"""Plain-requests helper and sandbox starter shared by the emulator tests (no client library)."""
import requests

from aksandbox.server import start_sandbox

USERNAME, PASSWORD = "staff", "s3cret"


class Api:
    """Thin helper over requests: absolute URLs from paths, Basic auth, JSON bodies. No AK logic."""

    def __init__(self, handle):
        self.handle = handle
        self.base = handle.base_url
        self.session = requests.Session()
        self.session.auth = (USERNAME, PASSWORD)

    def url(self, path):
        """Absolute URL for a relative path such as meta.next."""
        return path if path.startswith("http") else self.base + path

    def request(self, method, path, **kwargs):
        """Send without following redirects, so 301s stay visible."""
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.url(path), timeout=10, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, json=body, **kw)

    def patch(self, path, body, **kw):
        return self.request("PATCH", path, json=body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, json=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def objects(self, path):
        """All objects of a list, following meta.next verbatim."""
        found, nxt = [], path
        while nxt:
            body = self.get(nxt).json()
            found += body["objects"]
            nxt = body["meta"]["next"]
        return found


def start(**options):
    """A sandbox with the test credentials; limits off unless asked for."""
    options.setdefault("records_per_minute", 0)
    return start_sandbox(username=USERNAME, password=PASSWORD, **options)
