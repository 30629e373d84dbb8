"""Response builders for ActionKit's exact shapes: empty text/html bodies, JSON, absolute Location."""
import json

from flask import Response, request

EMPTY_TYPE = "text/html; charset=utf-8"


def empty(status, headers=None):
    """An empty body with text/html, as ActionKit answers 201/202/204/301/401/404."""
    return Response("", status=status, content_type=EMPTY_TYPE, headers=headers or {})


def json_response(body, status=200, headers=None):
    """A JSON body with application/json."""
    return Response(json.dumps(body), status=status, content_type="application/json", headers=headers or {})


def absolute(path):
    """Absolute URL on the scheme and host the client used (https under TLS), as in ActionKit's Location headers."""
    return request.host_url.rstrip("/") + path


def created(path):
    """201 with an empty body and an absolute Location (quirk 12.2)."""
    return empty(201, {"Location": absolute(path)})


def read_payload():
    """The request body as a dict: JSON by default, form-encoded when sent that way."""
    from .errors import server_error
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.to_dict()
    raw = request.get_data(as_text=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise server_error("The request body could not be parsed as JSON.") from None
    if not isinstance(body, dict):
        raise server_error("The request body must be a JSON object.")
    return body
