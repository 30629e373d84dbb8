"""Records-per-minute budget, concurrency gate, fault injection and request statistics."""
import collections
import random
import threading
import time

WINDOW_SECONDS = 60.0  # ActionKit's; `window_seconds` in the config shortens it for tests


class RecordBudget:
    """Sliding window (60 s unless configured) of records returned; full budget -> 429 (0 = unlimited)."""

    def __init__(self, clock=time.monotonic):
        """The clock is injectable so tests can move the window without sleeping."""
        self.clock = clock
        self.events = collections.deque()
        self.lock = threading.Lock()

    def used(self, window=WINDOW_SECONDS):
        """Records counted in the last `window` seconds."""
        with self.lock:
            self._expire(window)
            return sum(count for _, count in self.events)

    def exhausted(self, per_window, window=WINDOW_SECONDS):
        """True when the window already holds `per_window` records."""
        return per_window > 0 and self.used(window) >= per_window

    def add(self, count):
        """Count records returned by a served request."""
        if count > 0:
            with self.lock:
                self.events.append((self.clock(), count))

    def reset(self):
        """Forget the window (POST /_sandbox/reset)."""
        with self.lock:
            self.events.clear()

    def _expire(self, window):
        """Drop events older than the window."""
        cutoff = self.clock() - window
        while self.events and self.events[0][0] <= cutoff:
            self.events.popleft()


class ConcurrencyGate:
    """Counts in-flight REST requests; more than the cap -> 429 (0 = unlimited)."""

    def __init__(self):
        """Track the peak as well as the count, so tests can see how parallel a client really was."""
        self.inflight = 0
        self.peak = 0
        self.lock = threading.Lock()

    def enter(self):
        """Register a request and return how many are in flight including it."""
        with self.lock:
            self.inflight += 1
            self.peak = max(self.peak, self.inflight)
            return self.inflight

    def leave(self):
        """Unregister a finished request."""
        with self.lock:
            self.inflight -= 1


class Faults:
    """Seeded injection of 500/503 answers, reproducible for a given seed."""

    def __init__(self, seed):
        """A private seeded generator, so the same seed fails the same requests every run."""
        self.rng = random.Random(f"faults-{seed}")
        self.lock = threading.Lock()

    def pick(self, fail_rate):
        """None, 500 or 503 for this request."""
        if fail_rate <= 0:
            return None
        with self.lock:
            if self.rng.random() >= fail_rate:
                return None
            return self.rng.choice((500, 503))


class Stats:
    """Counters exposed by GET /_sandbox/stats."""

    def __init__(self):
        """Start from zero through reset(), the same path the stats endpoint uses."""
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        """Zero every counter."""
        self.requests = 0
        self.records = 0
        self.status = collections.Counter()
        self.by_endpoint = collections.Counter()

    def record(self, method, resource, status, records):
        """Count one answered REST request."""
        with self.lock:
            self.requests += 1
            self.records += records
            self.status[str(status)] += 1
            self.by_endpoint[f"{method} {resource}"] += 1

    def snapshot(self, budget_used, gate):
        """JSON-ready view of the counters."""
        with self.lock:
            return {"requests": self.requests, "records": self.records, "records_in_window": budget_used,
                    "throttled": self.status.get("429", 0), "by_status": dict(self.status),
                    "by_endpoint": dict(self.by_endpoint), "inflight": gate.inflight,
                    "peak_concurrency": gate.peak}
