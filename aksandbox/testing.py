"""pytest-friendly helpers: `with sandbox(users=50) as sb:` and an authenticated requests session."""
import contextlib

import requests

from .server import start_sandbox


@contextlib.contextmanager
def sandbox(**options):
    """Run a sandbox for the duration of the block (defaults: port 0, no limits, no faults)."""
    options.setdefault("records_per_minute", 0)
    handle = start_sandbox(**options)
    try:
        yield handle
    finally:
        handle.stop()


def client_session(handle):
    """A requests.Session with the sandbox's Basic credentials and JSON headers."""
    session = requests.Session()
    session.auth = handle.auth
    session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
    return session
