"""Dev-only: the embedded mode's threaded web server (request log apart from the sandbox's) and helper threads."""
import logging

from werkzeug.serving import WSGIRequestHandler, make_server


def make_dev_server(host, port, app, logger_name):
    """Threaded werkzeug server logging its requests through `logger_name` (the sandbox stays quiet)."""

    class RequestHandler(WSGIRequestHandler):
        """Werkzeug's handler with its access lines sent to our HTTP logger, apart from the sandbox."""

        def log(self, type, message, *args):  # noqa: A002 - werkzeug's signature
            """Log through the dev HTTP logger at werkzeug's level instead of printing to stderr."""
            getattr(logging.getLogger(logger_name), type)(
                "%s - %s", self.address_string(), message % args if args else message)
    return make_server(host, port, app, threaded=True, request_handler=RequestHandler)


def loopback_url(server):
    """The server's base URL as the sandbox on this machine reaches it (0.0.0.0 and :: mean loopback)."""
    host = server.host if server.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    return f"http://{host}:{server.server_port}"


def sandbox_helpers(running, state, save_state):
    """Threads beside the sandbox: page webhooks follow this app's URL; the example flow ships once pages are in."""
    from webapp.devseed.example_flow import start_unless_shipped
    from webapp.devseed.webhook_follower import start_webhook_follower
    app, store, stop = running.app, running.sandbox.store, running.stop
    return [start_webhook_follower(app, store, loopback_url(running.server), stop),
            *start_unless_shipped(app, state, save_state, stop)]
