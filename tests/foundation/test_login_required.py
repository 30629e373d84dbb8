"""Every admin route sends anonymous visitors to the login page, whatever the method."""
import pytest

from webapp.views.auth import is_public

from werkzeug.routing import FloatConverter, IntegerConverter


def _sample(converter):
    """A value the converter accepts, so url_for can build every rule."""
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, FloatConverter):
        return 1.0
    return "x"


def _admin_routes(app):
    """(rule, method, url) for every non-public route the app serves."""
    routes = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if is_public(rule.endpoint):
            continue
        args = {name: _sample(conv) for name, conv in rule._converters.items()}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.rule, method, adapter.build(rule.endpoint, args, method=method)))
    return routes


def test_there_are_admin_routes(app):
    assert len(_admin_routes(app)) >= 5


def test_every_admin_route_redirects_to_login(app, client):
    failures = []
    for rule, method, url in _admin_routes(app):
        response = client.open(url, method=method)
        if response.status_code != 302 or "/login" not in response.headers.get("Location", ""):
            failures.append(f"{method} {rule} -> {response.status_code}")
    assert not failures, failures


def test_htmx_requests_get_a_redirect_header(app, client):
    response = client.get("/members/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].endswith("/login")


@pytest.mark.parametrize("endpoint", ["auth.login", "health.healthz", "static"])
def test_public_endpoints_are_public(endpoint):
    assert is_public(endpoint)
