"""Waiting out ActionKit's rate limit: a 429 means "come back after the window", not "fail soon".

ActionKit sends no Retry-After and counts records over a minute, so five short backoffs (~15 s)
gave up long before the window freed. A 429 therefore never uses the 5xx retry count: the
transport waits a whole window and tries again, and gives up only after `patience` seconds
in which no request succeeded.
"""
import random
import time

from .errors import RateLimited
from .failures import retry_after

WAIT_MESSAGE = "waiting for ActionKit's rate limit"
# Our own limiter pacing the run (ActionKit refused nothing): shown so staff don't think ActionKit is refusing.
PACING_MESSAGE = "pacing requests to the {records_per_minute:,} records per minute set for this instance"
DEFAULT_WINDOW_SECONDS = 60.0
DEFAULT_PATIENCE_SECONDS = 300.0
RETRY_AFTER_MAX = 300.0


class Throttle:
    """Per-client state of a run of 429s, and the `on_wait(message_or_None)` progress callback."""

    def __init__(self, window=DEFAULT_WINDOW_SECONDS, patience=DEFAULT_PATIENCE_SECONDS, on_wait=None,
                 clock=time.monotonic):
        """The window is ActionKit's (the limiter's); the clock is injectable so unit tests never wait."""
        self.window = float(window)
        self.patience = float(patience)
        self.on_wait = on_wait
        self.clock = clock
        self.since = None  # when the current run of 429s began
        self.waiting = False

    def pause(self, response):
        """Retry-After when sent, else one window plus a little jitter so workers do not return together."""
        seconds = retry_after(response)
        if seconds is not None:
            return min(seconds, RETRY_AFTER_MAX)
        return self.window * random.uniform(1.0, 1.1)

    def wait_after_429(self, response, method, sleep):
        """Sleep until the window should have room again, or raise RateLimited once patience ran out."""
        now = self.clock()
        self.since = now if self.since is None else self.since
        elapsed = now - self.since
        if elapsed >= self.patience:
            raise RateLimited(429, None, method=method, url=response.url, message=(
                f"ActionKit kept answering 429 (rate limit) for {_duration(elapsed)}; Kitbridge waited for "
                "its rate-limit window each time and stopped. Try again later or lower the records per minute."))
        self.notify(WAIT_MESSAGE)
        sleep(max(min(self.pause(response), self.patience - elapsed), 0.01))

    def succeeded(self):
        """A request got through: the run of 429s is over and the progress message is cleared."""
        self.since = None
        self.notify(None)

    def notify(self, message):
        """Tell the callback when waiting starts or ends (once each, not on every retry)."""
        if (message is not None) == self.waiting:
            return
        self.waiting = message is not None
        if self.on_wait is not None:
            self.on_wait(message)


def _duration(seconds):
    """'5 minutes' or '3 seconds', for the give-up message."""
    if seconds >= 60:
        minutes = round(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    whole = max(round(seconds), 1)
    return f"{whole} second{'s' if whole != 1 else ''}"
