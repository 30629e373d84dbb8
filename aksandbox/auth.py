"""HTTP Basic auth with tastypie's challenge (1.2)."""
import hmac

from flask import request

from .responses import empty

CHALLENGE = {"WWW-Authenticate": 'Basic Realm="django-tastypie"'}


def credentials_state(config):
    """'ok', 'missing' or 'bad' for the request's Authorization header."""
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return "missing"
    user_ok = hmac.compare_digest(str(auth.username or ""), config.username)
    pass_ok = hmac.compare_digest(str(auth.password or ""), config.password)
    return "ok" if user_ok and pass_ok else "bad"


def unauthorized():
    """401, empty body, Basic challenge with tastypie's realm."""
    return empty(401, CHALLENGE)


def is_open_endpoint():
    """Only action processing may be called without credentials (6.3)."""
    return request.method == "POST" and request.path == "/rest/v1/action/"
