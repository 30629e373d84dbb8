"""Security headers on every response, and templates that need no 'unsafe-inline' to work."""
import re
from pathlib import Path

import pytest

from tests.conftest import build_app
from webapp.config import DEFAULT_HTMX_URL

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("url", ["/login", "/healthz", "/static/app.css", "/no-such-page", "/members/?q=%00"])
def test_every_response_carries_the_headers(client, url):
    headers = client.get(url).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_signed_in_pages_carry_them_too(auth_client):
    assert "Content-Security-Policy" in auth_client.get("/members/").headers


def test_csp_allows_exactly_the_pinned_htmx_file():
    app = build_app(HTMX_URL=DEFAULT_HTMX_URL)
    with app.app_context():
        csp = app.test_client().get("/login").headers["Content-Security-Policy"]
    assert f"script-src 'self' {DEFAULT_HTMX_URL};" in csp


def test_csp_for_a_local_htmx_copy_is_self_only(client):
    assert "script-src 'self';" in client.get("/login").headers["Content-Security-Policy"]


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://kitbridge.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_the_router_with_proxy_fix():
    app = build_app(PROXY_FIX_X_FOR=1)
    with app.app_context():
        response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https",
                                                            "X-Forwarded-For": "203.0.113.7"})
        assert "Strict-Transport-Security" in response.headers


def test_the_htmx_config_turns_off_its_injected_styles(client):
    body = client.get("/login").get_data(as_text=True)
    assert '"includeIndicatorStyles": false' in body


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=|\bhx-on|javascript:|\sstyle\s*=|<style", re.I)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_style_or_handlers(path):
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text) and not INLINE_HANDLER.search(text)
