"""Worker and scheduler loops install SIGINT/SIGTERM handlers; give pytest its own back."""
import signal

import pytest


@pytest.fixture(autouse=True)
def restore_signal_handlers():
    """Undo rq's handlers after each test so Ctrl-C still stops the test run."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)
