"""Every admin route sends anonymous visitors to the login page, whatever the method."""
import pytest

from webapp.views.auth import is_public

SAMPLE_ARGS = {"int": 1, "default": "x", "string": "x", "path": "x/y"}


def _admin_routes(app):
    """(rule, method, url) for every non-public route the app serves."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if is_public(rule.endpoint):
                continue
            args = {name: SAMPLE_ARGS.get(type(conv).__name__.replace("Converter", "").lower(), "x")
                    for name, conv in rule._converters.items()}
            url = app.url_for(rule.endpoint, **args)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((rule.rule, method, url))
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
