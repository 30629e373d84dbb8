"""HTTP to one ActionKit instance: one keep-alive session, rate limit, retries, typed errors, counters.

The staff credentials go to the configured scheme://host:port only: redirects are never followed
and a `meta.next` naming any other origin is refused before anything is sent.
"""
import random
import time
from urllib.parse import urljoin, urlparse

import requests

from .answers import json_object
from .errors import ForeignLink, error_for_response
from .failures import IDEMPOTENT, connection_error, redirect_error, retry_after, safe_to_resend
from .throttle import (DEFAULT_PATIENCE_SECONDS, DEFAULT_WINDOW_SECONDS, PACING_MESSAGE, RETRY_AFTER_MAX,
                       Throttle)

RETRY_STATUSES = frozenset({500, 502, 503, 504})  # 11.1; 429 waits for the window instead (throttle.py)
DEFAULT_PORTS = {"http": 80, "https": 443}


class Transport:
    """Sends requests to `<base_url>/rest/v1/...`; retries and the limiter live here and only here."""

    def __init__(self, base_url, username, password, *, timeout=(5, 30), limiter=None, max_retries=5,
                 backoff_base=0.5, backoff_cap=30, session=None, rate_window=None,
                 rate_patience=DEFAULT_PATIENCE_SECONDS, on_wait=None):
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
        window = rate_window or getattr(limiter, "window_seconds", None) or DEFAULT_WINDOW_SECONDS
        self.throttle = Throttle(window, rate_patience, on_wait)
        self.records_spent = 0
        self.requests_made = 0
        self.retries = 0
        self.sleep = time.sleep  # replaced in unit tests

    def url(self, resource, key=None):
        """Canonical URL with the trailing slash ActionKit insists on (12.1)."""
        path = f"/rest/v1/{resource.strip('/')}/"
        return f"{self.base_url}{path}{key}/" if key is not None else f"{self.base_url}{path}"

    def follow(self, link, current_url):
        """The absolute URL of a `meta.next` link (12.4); ForeignLink unless it is on the configured origin."""
        target = urljoin(current_url, link)
        if _origin(target) != _origin(self.base_url):
            parts = urlparse(target)
            raise ForeignLink(method="GET", url=current_url, message=(
                f"ActionKit's next-page link points at {parts.scheme}://{parts.netloc}, not {self.base_url}; "
                "Kitbridge sends your credentials only to the ActionKit host you connected"))
        return target

    @staticmethod
    def full_url(url, params):
        """The URL a GET with these params would request (paging compares pages by it)."""
        return requests.Request("GET", url, params=params).prepare().url

    def backoff(self, attempt, response=None):
        """Retry-After when ActionKit sends one, else jittered exponential backoff (5xx and dropped connections)."""
        seconds = retry_after(response)
        if seconds is not None:
            return min(seconds, RETRY_AFTER_MAX)
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** attempt))
        return random.uniform(ceiling / 2, ceiling)

    def request(self, method, url, *, params=None, json=None, cost=1):
        """One logical call (with retries); returns the 2xx Response or raises a typed ActionKitError."""
        attempt = 0
        while True:
            self._acquire(cost)
            self.records_spent += cost
            response = self._send(method, url, params, json, attempt)
            status = response.status_code if response is not None else None
            if status == 429:
                self.retries += 1
                self.throttle.wait_after_429(response, method, self.sleep)
                continue
            if status is not None and 200 <= status < 300:
                self.throttle.succeeded()
                return response
            if status is not None and 300 <= status < 400:
                raise redirect_error(response, method)
            if attempt >= self.max_retries or not _retryable(response, method):
                raise error_for_response(response, method)
            self.retries += 1
            self.sleep(self.backoff(attempt, response))
            attempt += 1

    def _acquire(self, cost):
        """Charge the shared budget, telling on_wait when our own limiter makes us wait for the window."""
        if self.limiter is None or self.limiter.try_acquire(cost):
            return
        self.throttle.notify(PACING_MESSAGE.format(records_per_minute=self.limiter.records_per_minute))
        self.limiter.acquire(cost)

    def _send(self, method, url, params, json, attempt):
        """One HTTP exchange (redirects never followed); None means a retryable transport failure."""
        try:
            response = self.session.request(method, url, params=params, json=json, timeout=self.timeout,
                                            allow_redirects=False)
        except requests.exceptions.RequestException as exc:
            self.requests_made += 1
            error = connection_error(self.host, self.timeout, method, url, exc)
            if attempt >= self.max_retries or not safe_to_resend(method, exc):
                raise error from exc
            return None
        self.requests_made += 1
        return response

    def get_json(self, url, params=None, cost=1):
        """GET and decode a JSON object; HTML, truncated JSON or a non-object raise MalformedAnswer."""
        return json_object(self.request("GET", url, params=params, cost=cost))


def _retryable(response, method):
    """True for a transport failure (None), or a 5xx answer to an idempotent verb.

    ActionKit may fail after taking a POSTed action, so a POST is never resent blindly: the caller
    reads ActionKit and sends only what it does not hold (jobs/sync/push.py)."""
    return response is None or (response.status_code in RETRY_STATUSES and method in IDEMPOTENT)


def _origin(url):
    """(scheme, host, port) with default ports filled in; an unparsable port never matches."""
    parts = urlparse(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port
