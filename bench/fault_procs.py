"""The real processes and outages bench/faults.py puts the sync through: Redis, workers, a stopped ActionKit."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on loopback (workers in other processes need a real one)."""

    def __init__(self):
        """Start it on a free port in a scratch directory; fails clearly when redis-server is missing."""
        if shutil.which("redis-server") is None:
            raise SystemExit("bench/faults.py needs redis-server (apt-get install -y redis-server) or --redis-url")
        self.port, self.dir = free_port(), tempfile.mkdtemp(prefix="kb-faults-redis-")
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--dir", self.dir], stdout=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        time.sleep(0.3)

    def stop(self):
        """Stop the server and forget its data."""
        self.process.terminate()
        self.process.wait(timeout=10)


class Workers:
    """Real `flask --app wsgi worker` processes (forking, as on Heroku), each in its own process group."""

    def __init__(self, env, log_path):
        """The environment every worker of this deployment reads; output goes to one log file."""
        self.env, self.log_path, self.processes = env, log_path, []

    def start(self):
        """One more worker."""
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--log-level", "WARNING"]
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **self.env}, start_new_session=True,
                                   stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def kill(self, process):
        """SIGKILL the worker and its work horse at once: no cleanup, as when a dyno dies."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        self.processes.remove(process)

    def stop_all(self):
        """Warm-stop the workers still running."""
        for process in list(self.processes):
            process.terminate()
            process.wait(timeout=30)
        self.processes = []


def stop_sandbox_for(handle, seconds, started=None):
    """Stop answering (connections refused) for `seconds`, then serve the same data on the same port again."""
    handle.server.shutdown()
    handle.server.server_close()
    if started is not None:
        started.set()
    time.sleep(seconds)
    handle.server = make_server("127.0.0.1", handle.port, handle.app, threaded=True)
    threading.Thread(target=handle.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


def outage_in_background(handle, seconds):
    """Start a stop-for-a-while in a thread; returns an event set once ActionKit is down."""
    down = threading.Event()
    thread = threading.Thread(target=stop_sandbox_for, args=(handle, seconds, down), daemon=True)
    thread.start()
    down.wait(timeout=10)
    return thread
