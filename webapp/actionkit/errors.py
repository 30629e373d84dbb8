"""Typed ActionKit errors carrying the parsed body, so callers branch on class, not on status codes."""
import re
from urllib.parse import urlparse

ALL = "__all__"  # key for messages that belong to no field ({"error": ...}, {"errors": [...]})


class ActionKitError(Exception):
    """Any ActionKit answer we cannot use; `.errors` folds every body shape into field -> [messages]."""

    summary = "ActionKit returned an error"

    def __init__(self, status=None, body=None, *, method="", url="", message=None):
        """Keep the request and the folded body so callers and logs never re-parse the response."""
        self.status = status
        self.body = body
        self.method = method
        self.url = url
        self.errors = normalize_errors(body)
        self.message = message or self._default_message()
        super().__init__(self.message)

    def _default_message(self):
        """Summary, status, request and the folded field messages in one readable line."""
        where = f" on {self.method} {urlparse(self.url).path}" if self.url else ""
        status = f" ({self.status})" if self.status else ""
        text = f"{self.summary}{status}{where}"
        details = "; ".join(f"{field}: {' '.join(msgs)}" if field != ALL else " ".join(msgs)
                            for field, msgs in self.errors.items())
        return f"{text}: {details}" if details else text

    def __str__(self):
        """The composed message (status, request, field errors), not the raw constructor args."""
        return self.message


class AuthError(ActionKitError):
    """401: wrong username/password, or the staff account lacks API permission."""

    summary = "ActionKit rejected the username or password"


class NotFound(ActionKitError):
    """404: the object does not exist (ActionKit sends an empty body)."""

    summary = "ActionKit has no such object"


class ValidationError(ActionKitError):
    """400: ActionKit refused the data or the filter; `.errors` says which field and why."""

    summary = "ActionKit rejected the request"


class Conflict(ActionKitError):
    """409: the email belongs to another user, whose id is `.existing_id` (from Location)."""

    summary = "ActionKit already has a user with that email"

    def __init__(self, status=409, body=None, *, location=None, **kwargs):
        """Read the owner's id from Location, so callers can link to that user instead of creating one."""
        self.location = location
        self.existing_id = id_from_location(location)
        super().__init__(status, body, **kwargs)


class RateLimited(ActionKitError):
    """429s for longer than the client's patience: the instance kept throttling us for minutes."""

    summary = "ActionKit kept answering 429 (rate limit)"


class ServerError(ActionKitError):
    """5xx that outlived every retry: ActionKit is failing or down."""

    summary = "ActionKit had a server error, even after retries"


class ConnectionFailed(ActionKitError):
    """No HTTP answer at all: unknown host, refused connection, TLS failure or timeout."""

    summary = "Could not reach ActionKit"


class UnsafeRedirect(ActionKitError):
    """3xx: following it would send the staff credentials wherever ActionKit (or an attacker) points."""

    summary = "ActionKit answered with a redirect"


class ForeignLink(ActionKitError):
    """`meta.next` names another scheme, host or port: the credentials must never go there."""

    summary = "ActionKit's next-page link points at another host"


class PagingLoop(ActionKitError):
    """`meta.next` names a page already read in the same listing: following it would never end."""

    summary = "ActionKit's next-page links loop"


class MalformedAnswer(ActionKitError):
    """A 2xx answer that is not the JSON shape ActionKit documents: acting on it could lose data."""

    summary = "ActionKit sent a malformed answer"


def id_from_location(location):
    """The trailing id of an absolute or relative object URL: int for numeric keys, else the name."""
    if not location:
        return None
    match = re.search(r"/([^/]+)/?$", urlparse(location).path)
    if not match:
        return None
    key = match.group(1)
    return int(key) if key.isdigit() else key


def parse_body(response):
    """JSON when the body is JSON, the stripped text otherwise, None when empty."""
    if not response.content or not response.content.strip():
        return None
    try:
        # response.json() sniffs UTF-8 cheaply; response.text would run charset detection on every page
        return response.json()
    except ValueError:
        return response.text.strip() or None


def _messages(value):
    """Any error value (string, list, nested dict) as a flat list of strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [msg for item in value for msg in _messages(item)]
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    return [str(value)]


def _merge(into, field, value):
    """Append the messages of `value` under `field`."""
    msgs = _messages(value)
    if msgs:
        into.setdefault(field, []).extend(msgs)


def normalize_errors(body):
    """Fold every ActionKit error shape (12.7) into {field: [messages]}; ALL holds fieldless ones."""
    out = {}
    if isinstance(body, str):
        if not body.lstrip().startswith("<"):  # skip HTML error pages
            out[ALL] = [body[:500]]
        return out
    if isinstance(body, list):
        _merge(out, ALL, body)
        return out
    if not isinstance(body, dict):
        return out
    for key, value in body.items():
        if key == "errors" and isinstance(value, dict):
            for field, msgs in value.items():
                _merge(out, field, msgs)
        elif key in ("errors", "error", "error_message"):
            _merge(out, ALL, value)
        elif isinstance(value, dict):  # tastypie {"<resource>": {field: [msgs]}}
            for field, msgs in value.items():
                _merge(out, field, msgs)
        else:  # {"page": "Unable to find a page ..."}
            _merge(out, key, value)
    return out


STATUS_ERRORS = {400: ValidationError, 401: AuthError, 404: NotFound, 409: Conflict, 429: RateLimited}


def error_for_response(response, method=""):
    """The typed error for a non-2xx response, with its parsed body."""
    status = response.status_code
    cls = STATUS_ERRORS.get(status) or (ServerError if status >= 500 else ActionKitError)
    kwargs = {"method": method, "url": response.url}
    if cls is Conflict:
        kwargs["location"] = response.headers.get("Location")
    return cls(status, parse_body(response), **kwargs)
