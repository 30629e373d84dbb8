"""Turning transport failures and odd statuses into typed errors staff can act on."""
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import requests

from .errors import ConnectionFailed, UnsafeRedirect

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})


def connection_error(host, timeout, method, url, exc):
    """ConnectionFailed naming the host and what went wrong, in words a staff user understands."""
    if isinstance(exc, requests.exceptions.Timeout):
        limit = timeout[-1] if isinstance(timeout, tuple) else timeout
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            limit = timeout[0] if isinstance(timeout, tuple) else timeout
        reason = f"no answer within {limit} s (timeout)"
    else:
        reason = describe(exc)
    return ConnectionFailed(method=method, url=url, message=f"Could not reach ActionKit at {host}: {reason}")


def redirect_error(response, method):
    """A 3xx is never followed: the next hop would receive the staff credentials (or reach an internal host)."""
    location = response.headers.get("Location")
    target = urljoin(response.url, location) if location else "nowhere (no Location header)"
    return UnsafeRedirect(response.status_code, None, method=method, url=response.url, message=(
        f"ActionKit answered with a redirect to {target}; Kitbridge does not follow redirects with "
        "your credentials"))


def safe_to_resend(method, exc):
    """Never for an unknown host (it will not fix itself); after a refused or timed-out connect always
    (nothing was sent); after a read timeout or a dropped connection only for idempotent verbs."""
    if is_dns(exc):
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout) or "refused" in str(exc).lower():
        return True
    return method in IDEMPOTENT


def is_dns(exc):
    """True when the host name did not resolve."""
    text = str(exc)
    return any(s in text for s in ("NameResolutionError", "Name or service not known", "nodename nor servname",
                                   "getaddrinfo failed", "Temporary failure in name resolution"))


def describe(exc):
    """Short human reason for a requests exception."""
    if is_dns(exc):
        return "host name not found (check the ActionKit hostname)"
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused (nothing is listening there)"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL handshake failed"
    return f"{type(exc).__name__}: {exc}"


def retry_after(response):
    """Seconds from a Retry-After header (delta-seconds or HTTP date), or None."""
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
