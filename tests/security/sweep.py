"""A guard over every GET route: odd path ids and query values must never answer 500."""
import re
from urllib.parse import quote

from webapp.extensions import db

ODD_VALUES = ["0", "-1", str(2**70), "99999999999999999999999", "²", "٣", "a\x00b", "a\x1fb", "%", "\\"]
# The list's own arguments, plus names that collide with url_for's parameters or a route's converter.
QUERY_NAMES = ("q", "group", "source", "sort", "after", "before", "page", "log_page", "status", "next",
               "endpoint", "_method", "_scheme", "_external", "_anchor", "group_id", "member_id", "values")


def _path_for(rule, value):
    """The rule's URL with every converter replaced by `value` (percent-encoded)."""
    return re.sub(r"<[^>]+>", quote(value, safe=""), rule.rule)


def _get(client, url):
    """GET and roll back after, so one failure can't poison the next request's session on PostgreSQL."""
    try:
        return client.get(url)
    finally:
        db.session.rollback()


def get_routes_failing(app, client, value):
    """(url, status) for every GET route that answers 5xx to `value` in its path or query string."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show up as the 500 a browser would get
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        path = _path_for(rule, value)
        for query in ("", "?" + "&".join(f"{name}={quote(value, safe='')}" for name in QUERY_NAMES)):
            status = _get(client, path + query).status_code
            if status >= 500:
                failures.append((path + query, status))
    return failures


FORM_NAMES = ("name", "who", "group_id", "first_name", "last_name", "phone", "email", "city", "zip", "subscribed",
              "custom_field", "userfield", "option", "opt_in_field", "phone_1", "phone_2", "phone_3",
              "create_users", "hostname", "username", "password", "next", "custom_1")
SKIP_POSTS = ("auth.logout", "auth.login")  # signing out would end the sweep; login has its own tests


def post_routes_failing(app, client, value, ids=("1",)):
    """(url, status) for every POST route answering 5xx when every known form field holds `value`."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    form = {name: value for name in FORM_NAMES}
    failures = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in SKIP_POSTS:
            continue
        for path in {_path_for(rule, value), *(_path_for(rule, id_) for id_ in ids)}:
            try:
                status = client.post(path, data=form).status_code
            finally:
                db.session.rollback()
            if status >= 500:
                failures.append((path, status))
    return failures
