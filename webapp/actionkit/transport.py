"""HTTP to one ActionKit instance: one keep-alive session, rate limit, retries, typed errors, counters."""
import random
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import requests

from .errors import ConnectionFailed, error_for_response, parse_body

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})  # 11.1; 4xx other than 429 are never retried
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})
RETRY_AFTER_MAX = 300.0


class Transport:
    """Sends requests to `<base_url>/rest/v1/...`; retries and the limiter live here and only here."""

    def __init__(self, base_url, username, password, *, timeout=(5, 30), limiter=None,
                 max_retries=5, backoff_base=0.5, backoff_cap=30, session=None):
        """Hold the retry, timeout and budget settings; nothing connects until the first request."""
        self.base_url = base_url.rstrip("/")
        self.host = urlparse(self.base_url).netloc or self.base_url
        self.timeout = timeout
        self.limiter = limiter
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.session = session or requests.Session()
        self.session.auth = (username, password)
        self.session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        self.records_spent = 0
        self.requests_made = 0
        self.retries = 0
        self.sleep = time.sleep  # replaced in unit tests

    def url(self, resource, key=None):
        """Canonical URL with the trailing slash ActionKit insists on (12.1)."""
        path = f"/rest/v1/{resource.strip('/')}/"
        return f"{self.base_url}{path}{key}/" if key is not None else f"{self.base_url}{path}"

    def absolute(self, link):
        """`meta.next` and friends are host-relative paths (12.4): prefix the base URL."""
        return link if link.startswith(("http://", "https://")) else f"{self.base_url}{link}"

    def backoff(self, attempt, response=None):
        """Retry-After when ActionKit sends one, else jittered exponential backoff."""
        retry_after = _retry_after(response)
        if retry_after is not None:
            return min(retry_after, RETRY_AFTER_MAX)
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** attempt))
        return random.uniform(ceiling / 2, ceiling)

    def request(self, method, url, *, params=None, json=None, cost=1):
        """One logical call (with retries); returns the 2xx Response or raises a typed ActionKitError."""
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.acquire(cost)
            self.records_spent += cost
            response = self._send(method, url, params, json, attempt)
            if response is not None and response.status_code < 400:
                return response
            if attempt >= self.max_retries or not _retryable(response):
                raise error_for_response(response, method)
            self.retries += 1
            self.sleep(self.backoff(attempt, response))
            attempt += 1

    def _send(self, method, url, params, json, attempt):
        """One HTTP exchange; None means a retryable transport failure, else raises ConnectionFailed."""
        try:
            response = self.session.request(method, url, params=params, json=json, timeout=self.timeout,
                                            allow_redirects=method == "GET")
        except requests.exceptions.RequestException as exc:
            self.requests_made += 1
            error = self._connection_error(method, url, exc)
            if attempt >= self.max_retries or not _safe_to_resend(method, exc):
                raise error from exc
            return None
        self.requests_made += 1
        return response

    def _connection_error(self, method, url, exc):
        """ConnectionFailed naming the host and what went wrong, in words a staff user understands."""
        if isinstance(exc, requests.exceptions.Timeout):
            limit = self.timeout[-1] if isinstance(self.timeout, tuple) else self.timeout
            if isinstance(exc, requests.exceptions.ConnectTimeout):
                limit = self.timeout[0] if isinstance(self.timeout, tuple) else self.timeout
            reason = f"no answer within {limit} s (timeout)"
        else:
            reason = _describe(exc)
        return ConnectionFailed(method=method, url=url,
                                message=f"Could not reach ActionKit at {self.host}: {reason}")

    def get_json(self, url, params=None, cost=1):
        """GET and decode a JSON object."""
        return parse_body(self.request("GET", url, params=params, cost=cost))


def _retryable(response):
    """True for a transport failure (None) or a 429/5xx answer."""
    return response is None or response.status_code in RETRY_STATUSES


def _safe_to_resend(method, exc):
    """Never for an unknown host (it will not fix itself); after a refused or timed-out connect always
    (nothing was sent); after a read timeout or a dropped connection only for idempotent verbs."""
    if _is_dns(exc):
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout) or "refused" in str(exc).lower():
        return True
    return method in IDEMPOTENT


def _is_dns(exc):
    """True when the host name did not resolve."""
    text = str(exc)
    return any(s in text for s in ("NameResolutionError", "Name or service not known", "nodename nor servname",
                                   "getaddrinfo failed", "Temporary failure in name resolution"))


def _describe(exc):
    """Short human reason for a requests exception."""
    if _is_dns(exc):
        return "host name not found (check the ActionKit hostname)"
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused (nothing is listening there)"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL handshake failed"
    return f"{type(exc).__name__}: {exc}"


def _retry_after(response):
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
