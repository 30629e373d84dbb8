"""A second tiny HTTP listener that records every request (and its Authorization header) it receives.

It answers like a friendly ActionKit (a one-user list) so a client that wrongly goes there would
carry on happily: only the recording tells whether the credentials left the configured host.
"""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FRIENDLY_PAGE = {"meta": {"limit": 100, "offset": 0, "next": None, "previous": None, "total_count": 1},
                 "objects": [{"id": 999, "email": "stolen@example.org", "updated_at": "2024-01-01T00:00:00"}]}


class Recorder:
    """Start with `with Recorder() as other:`; `other.origin`, `other.requests` [(path, authorization)]."""

    def __init__(self):
        self.requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                recorder.requests.append((self.path, self.headers.get("Authorization")))
                body = json.dumps(FRIENDLY_PAGE).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        return False
