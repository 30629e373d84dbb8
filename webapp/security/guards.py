"""Request guards every route gets: bounded ids in URLs, clean query strings, 400s for bad input."""
from flask import request
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from webapp.security.text import MAX_DB_ID, InvalidInput, describe_control_char, has_control_chars


class BoundedIdConverter(IntegerConverter):
    """<int:...> for database ids: ASCII digits up to PostgreSQL's INTEGER, else the route 404s.

    Werkzeug's own converter takes any size (and any Unicode digit), and the driver overflows -> 500.
    """

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DB_ID, signed=False):
        """Same options as werkzeug's int converter; only the default maximum differs."""
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_dirty_query_string():
    """before_request: a control character anywhere in the query string is a 400 with a clear message."""
    for key, values in request.args.lists():
        for text in (key, *values):
            if has_control_chars(text):
                raise BadRequest(f"The address contains a control character ({describe_control_char(text)}) "
                                 f"in “{key[:40]}”. Remove it and try again.")


def query_args(*names):
    """Only the named query arguments, for rebuilding a list's URL: passing request.args whole to url_for
    lets ?endpoint= or ?_scheme= collide with url_for's own parameters (a 500, or a javascript: link)."""
    return {name: request.args[name] for name in names if request.args.get(name)}


def invalid_input_response(error):
    """InvalidInput raised anywhere in a request (filters, ids) answers 400 with its message."""
    return BadRequest(str(error)).get_response()


def init_app(app):
    """Register the converter (before blueprints add rules), the guard and the error handler."""
    app.url_map.converters["int"] = BoundedIdConverter
    app.before_request(refuse_dirty_query_string)
    app.register_error_handler(InvalidInput, invalid_input_response)
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
