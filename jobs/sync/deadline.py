"""A total time limit for the few ActionKit calls a web request waits on (the connect form's check).

Per-request timeouts bound one exchange; a Deadline bounds them all together: each request gets
at most the time left, a retry's back-off never sleeps past the end, and nothing starts after it.
"""
import time

import requests


class DeadlinePassed(requests.exceptions.Timeout):
    """The total time limit ran out before ActionKit answered (a Timeout, so the client reports it)."""


class Deadline:
    """A fixed moment, `seconds` from now, that no request or back-off may run past."""

    def __init__(self, seconds, clock=time.monotonic, sleep=time.sleep):
        """Start the clock now; clock and sleep are injectable so unit tests never wait."""
        self.seconds = float(seconds)
        self._clock, self._sleep = clock, sleep
        self.ends = clock() + self.seconds

    def remaining(self):
        """Seconds left (0 once passed)."""
        return max(self.ends - self._clock(), 0.0)

    @property
    def passed(self):
        """True once the limit has run out."""
        return self.remaining() <= 0

    def sleep(self, seconds):
        """Sleep as asked, but never past the end (a Retry-After of minutes must not hold the page)."""
        self._sleep(max(min(seconds, self.remaining()), 0.0))

    def cap(self, timeout):
        """The request's timeout, (connect, read) or one number, cut to the time left; raise when none is."""
        left = self.remaining()
        if left <= 0:
            raise DeadlinePassed(f"the {self.seconds:g} s limit for this check ran out")
        if isinstance(timeout, tuple):
            return tuple(min(part, left) if part else left for part in timeout)
        return min(timeout, left) if timeout else left

    def session(self):
        """A requests session whose every request respects this deadline."""
        return DeadlineSession(self)


class DeadlineSession(requests.Session):
    """requests.Session that cuts each request's timeout to the deadline's time left."""

    def __init__(self, deadline):
        """Keep the deadline every request is measured against."""
        super().__init__()
        self.deadline = deadline

    def request(self, method, url, **kwargs):
        """Send with the timeout capped; DeadlinePassed when the time is already up."""
        kwargs["timeout"] = self.deadline.cap(kwargs.get("timeout"))
        return super().request(method, url, **kwargs)
