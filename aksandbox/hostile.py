"""Hostile answers on demand (PATCH /_sandbox/config {"fault_mode": ..., "fault_host": ...}).

What a captive portal, a broken proxy or a compromised instance could send, so the client's
defences are exercised over real HTTP. `fault_host` (e.g. "http://127.0.0.1:5001") is the other
origin that "redirect" and "next_other_host" point at. Control endpoints are never affected.
"""
import json

from flask import Response, request

from .responses import empty

HTML_PAGE = "<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in</h1></body></html>"
DEFAULT_OTHER_HOST = "http://127.0.0.1:9"


def before(config):
    """A whole-answer fault (429, redirect, HTML) for a REST request that passed auth, or None."""
    mode = config.fault_mode
    if mode == "always_429":
        return empty(429)
    if mode == "redirect":
        return empty(302, {"Location": _other_host(config) + _current_link()})
    if mode == "html":
        return Response(HTML_PAGE, status=200, content_type="text/html; charset=utf-8")
    return None


LOST_ANSWER = {"error": "Sorry, this request could not be processed. Please try again later."}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def after(config, response):
    """Rewrite a successful JSON GET answer as the configured fault mode says (or lose a write's answer)."""
    mode = config.fault_mode
    if mode == "lost_write_answer" and request.method in WRITES and 200 <= response.status_code < 300:
        return Response(json.dumps(LOST_ANSWER), status=500, content_type="application/json")  # applied, then 500
    if request.method != "GET" or response.status_code != 200 or mode not in (*REWRITES, "truncated_json"):
        return response
    if mode == "truncated_json":
        raw = response.get_data()
        response.set_data(raw[:max(len(raw) // 2, 1)])
        return response
    rewrite = REWRITES[mode]
    body = rewrite(config, json.loads(response.get_data()), (request.view_args or {}).get("name"))
    response.set_data(json.dumps(body))
    return response


def _other_host(config):
    """The foreign origin faults point at."""
    return (config.fault_host or DEFAULT_OTHER_HOST).rstrip("/")


def _current_link():
    """This request's path and query, as a host-relative link."""
    query = request.query_string.decode()
    return request.path + (f"?{query}" if query else "")


def _objects(body):
    """The objects of a list body, or the body itself for a detail answer."""
    return body["objects"] if isinstance(body.get("objects"), list) else [body]


def _next_other_host(config, body, _resource):
    """meta.next on another origin: a client following it would send the credentials there."""
    meta = body.get("meta") or {}
    if meta.get("next"):
        meta["next"] = _other_host(config) + meta["next"]
    return body


def _next_loop(_config, body, _resource):
    """meta.next naming the page just served: a naive client reads it forever."""
    meta = body.get("meta") or {}
    if meta.get("next"):
        meta["next"] = _current_link()
    return body


def _drop(resource_name, key, value=KeyError):
    """A rewrite removing (or replacing) `key` on every object of one resource."""
    def rewrite(_config, body, resource):
        if resource == resource_name:
            for obj in _objects(body):
                if value is KeyError:
                    obj.pop(key, None)
                else:
                    obj[key] = value
        return body
    return rewrite


REWRITES = {
    "not_an_object": lambda _c, body, _r: _objects(body),
    "objects_not_list": lambda _c, body, _r: dict(body, objects={"count": len(_objects(body))}),
    "next_other_host": _next_other_host,
    "next_loop": _next_loop,
    "malformed_phones": _drop("phone", "user"),
    "phones_without_number": _drop("phone", "phone", None),
    "users_without_id": _drop("user", "id"),
}
