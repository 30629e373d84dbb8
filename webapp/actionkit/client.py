"""ActionKitClient: the one object jobs use to talk to an ActionKit instance (STYLE 4)."""
from .resources_pages import GroupsMixin, PagesMixin
from .resources_users import UsersMixin
from .transport import Transport


class ActionKitClient(UsersMixin, PagesMixin, GroupsMixin):
    """Typed, rate-limited, retrying access to `<base_url>/rest/v1/`; methods return dicts or ids.

    Every failure raises a subclass of ActionKitError (see errors.py), including malformed answers,
    redirects and foreign or looping `meta.next` links. Pass `limiter` (a RecordLimiter) so every
    process talking to this host shares one records-per-minute budget.
    """

    def __init__(self, base_url, username, password, **options):
        """Hand every HTTP concern to one Transport, so retries and the limiter live in one place.

        Options: timeout, limiter, max_retries, backoff_base, backoff_cap, session, rate_window (s),
        rate_patience (s without success before a 429 run fails), on_wait(message_or_None)."""
        self.transport = Transport(base_url, username, password, **options)

    @property
    def base_url(self):
        """The instance URL without a trailing slash."""
        return self.transport.base_url

    @property
    def host(self):
        """host[:port] of the instance (the rate limit key)."""
        return self.transport.host

    @property
    def records_spent(self):
        """Records charged to the budget so far (a list page counts its `_limit`)."""
        return self.transport.records_spent

    @property
    def requests_made(self):
        """HTTP requests sent so far, retries included."""
        return self.transport.requests_made

    @property
    def retries(self):
        """Requests that were retried after a 429/5xx or a connection failure."""
        return self.transport.retries

    def close(self):
        """Close the keep-alive connections."""
        self.transport.session.close()

    def __enter__(self):
        """Usable in `with`, so the keep-alive connections are always closed."""
        return self

    def __exit__(self, *exc):
        """Close the connections however the block ends."""
        self.close()

    def __repr__(self):
        """Name the instance only, never the credentials."""
        return f"<ActionKitClient {self.base_url}>"
