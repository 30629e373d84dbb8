"""Shape checks at the ActionKit boundary: a malformed answer raises here instead of reaching the sync rules.

A phone without its user URI would otherwise look like "this user has no phone" and unlink the
member; an HTML page would crash whoever indexes it. Every check names the request and the problem.
"""
from urllib.parse import urlparse

from .errors import MalformedAnswer
from .values import id_from_uri


def malformed(response_or_url, method, problem):
    """A MalformedAnswer saying which request got which bad answer, in words staff can pass on."""
    url = getattr(response_or_url, "url", response_or_url) or ""
    status = getattr(response_or_url, "status_code", None)
    path = urlparse(url).path or url
    return MalformedAnswer(status, None, method=method, url=url,
                           message=f"ActionKit sent a malformed answer to {method} {path}: {problem}")


def _not_json_reason(response):
    """Why a body did not decode: an HTML page, nothing at all, or broken (e.g. truncated) JSON."""
    text = response.content.strip() if response.content else b""
    if not text:
        return "an empty body instead of JSON"
    if "html" in response.headers.get("Content-Type", "").lower() or text.startswith(b"<"):
        return "an HTML page instead of JSON (is that really the ActionKit hostname?)"
    return "JSON that could not be decoded (truncated or invalid)"


def json_object(response, method="GET"):
    """The decoded JSON object of a 2xx answer; anything else raises MalformedAnswer."""
    try:
        data = response.json()
    except ValueError:
        raise malformed(response, method, _not_json_reason(response)) from None
    if not isinstance(data, dict):
        raise malformed(response, method, f"expected a JSON object, got {_kind(data)}")
    return data


def _kind(value):
    """A JSON type name for messages."""
    names = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _is_int(value):
    """An integer id (JSON number, not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_user_uri(value):
    """A `/rest/v1/user/<id>/` URI (or a bare id) naming a user."""
    return isinstance(value, (str, int)) and not isinstance(value, bool) and id_from_uri(value) is not None


REQUIRED = {
    "user": (("id", _is_int, "an integer `id`"),),
    "phone": (("id", _is_int, "an integer `id`"), ("user", _is_user_uri, "a `user` URI"),
              ("phone", lambda value: isinstance(value, str), "a `phone` string")),
}


def check_object(resource, obj, url, method="GET"):
    """Raise MalformedAnswer when a user or phone lacks a field the sync relies on."""
    if not isinstance(obj, dict):
        raise malformed(url, method, f"a {resource} entry is {_kind(obj)}, not an object")
    for key, valid, wanted in REQUIRED.get(resource, ()):
        if not valid(obj.get(key)):
            raise malformed(url, method, f"a {resource} object without {wanted} (id {obj.get('id')!r})")
    return obj


def _meta(data, url):
    """The `meta` object of a list answer ({} when absent)."""
    meta = data.get("meta")
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise malformed(url, "GET", f"`meta` is {_kind(meta)}, not an object")
    return meta


def page_objects(data, resource, url):
    """The checked `objects` list of one list page."""
    objects = data.get("objects")
    if not isinstance(objects, list):
        raise malformed(url, "GET", f"`objects` is {_kind(objects)}, not a list")
    for obj in objects:
        check_object(resource, obj, url)
    return objects


def next_link(data, url):
    """`meta.next` as a string, or None at the end of the list."""
    link = _meta(data, url).get("next")
    if link in (None, ""):
        return None
    if not isinstance(link, str):
        raise malformed(url, "GET", f"`meta.next` is {_kind(link)}, not a link")
    return link


def list_meta(data, url):
    """The `meta` object of a list page (for `total_count`)."""
    return _meta(data, url)


def total_count_of(data, url):
    """`meta.total_count` as a non-negative integer."""
    count = _meta(data, url).get("total_count")
    if not _is_int(count) or count < 0:
        raise malformed(url, "GET", f"`meta.total_count` is {_kind(count)}, not a count")
    return count
