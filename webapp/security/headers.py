"""Security headers on every response: a CSP without 'unsafe-inline', no framing, no sniffing, HSTS on https."""
from urllib.parse import urlsplit

from flask import current_app, request

HSTS = "max-age=31536000; includeSubDomains"


def script_sources(htmx_url):
    """'self' plus the exact htmx file when it comes from another host (the pinned CDN copy)."""
    parts = urlsplit(htmx_url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"'self' {parts.scheme}://{parts.netloc}{parts.path}"
    return "'self'"


def content_security_policy(htmx_url):
    """The policy: everything from this site; scripts also from the htmx URL; no inline code or styles."""
    return "; ".join((
        "default-src 'self'",
        f"script-src {script_sources(htmx_url)}",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ))


def add_security_headers(response):
    """after_request: set the headers unless a view chose its own."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(current_app.config.get("HTMX_URL")))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    """Attach the header hook to every response, errors included."""
    app.after_request(add_security_headers)
