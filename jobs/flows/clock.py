"""The engine's clock: real UTC time, or a function tests install to move time forward."""
from flask import current_app

from webapp.models.base import utcnow

CLOCK_KEY = "kitbridge.flows_clock"


def now():
    """Naive UTC now, as the app's installed clock says (tests), else the real time."""
    clock = current_app.extensions.get(CLOCK_KEY)
    return clock() if clock is not None else utcnow()


def install_clock(app, clock):
    """Make `clock()` the engine's time for this app (None restores the real clock)."""
    if clock is None:
        app.extensions.pop(CLOCK_KEY, None)
    else:
        app.extensions[CLOCK_KEY] = clock
