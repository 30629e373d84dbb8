"""Start/stop an emulator in-process on a threaded werkzeug server (tests, bench, embedded mode)."""
import logging
import threading

from werkzeug.serving import make_server

from . import seed as seeding
from .app import create_app
from .config import SandboxConfig
from .store import Store
from .tls import load_tls_context, serve_tls


class SandboxHandle:
    """A running sandbox: base_url (http:// or https://), hostname, store, config, app; stop() frees the port."""

    def __init__(self, server, app, store, config, host):
        """Work out the real port (port 0 picks a free one) and the scheme before building the URLs tests use."""
        self.server, self.app, self.store, self.config = server, app, store, config
        self.port = server.socket.getsockname()[1]
        self.hostname = f"{host}:{self.port}"
        self.scheme = "https" if server.ssl_context is not None else "http"
        self.base_url = f"{self.scheme}://{self.hostname}"
        self.auth = (config.username, config.password)
        self.state = app.extensions["aksandbox"]
        self._thread = threading.Thread(target=server.serve_forever, name=f"aksandbox-{self.port}",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._stopped = False

    def start(self):
        """Serve requests on a daemon thread."""
        self._thread.start()
        return self

    def stop(self):
        """Shut the server down, close its socket and the database (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
        self.state.webhooks.wait(timeout=1)
        self.store.close()

    def url(self, path):
        """Absolute URL for a path such as '/rest/v1/user/'."""
        return self.base_url + path

    def __enter__(self):
        """Usable in `with`, so a test can never leave a server holding its port."""
        return self

    def __exit__(self, *exc):
        """Stop the server however the block ends, and let exceptions propagate."""
        self.stop()
        return False


def start_sandbox(host="127.0.0.1", port=0, username="aksandbox", password="aksandbox", users=0, seed=1,
                  records_per_minute=1000, max_concurrency=0, fail_rate=0.0, latency_ms=0, db_path=":memory:",
                  quiet=True, window_seconds=60, tls_cert=None, tls_key=None):
    """Create the store (seeding `users` users), build the app and serve it; returns a handle.

    `tls_cert` and `tls_key` (PEM files, both or neither) serve https; a bad pair raises
    TlsSetupError before anything is seeded."""
    tls_context = load_tls_context(tls_cert, tls_key)
    config = SandboxConfig(username=username, password=password, records_per_minute=records_per_minute,
                           max_concurrency=max_concurrency, fail_rate=fail_rate, latency_ms=latency_ms, seed=seed,
                           window_seconds=window_seconds)
    store = Store(db_path, seed=seed)
    seeding.generate(store, users, seed)
    app = create_app(store, config)
    if quiet:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server(host, port, app, threaded=True)
    if tls_context is not None:
        serve_tls(server, tls_context)
    return SandboxHandle(server, app, store, config, host).start()
