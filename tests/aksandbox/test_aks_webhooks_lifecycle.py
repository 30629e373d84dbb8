"""Page webhooks POSTed to a local receiver; start/stop in-process and the CLI."""
import http.server
import socket
import subprocess
import sys
import threading
import urllib.parse

import requests

from tests.aksandbox.helpers import PASSWORD, USERNAME, Api, start


class Receiver(http.server.BaseHTTPRequestHandler):
    """Records every form POST it receives."""
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = urllib.parse.parse_qs(self.rfile.read(length).decode())
        Receiver.received.append((self.path, self.headers.get("Content-Type"), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhooks_are_posted_form_encoded_after_an_action(fresh):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.received = []
    try:
        fresh.post("/rest/v1/signuppage/", {"name": "hooked"})
        fresh.post("/rest/v1/signuppage/", {"name": "quiet"})
        url = f"http://127.0.0.1:{server.server_address[1]}/hook/abc"
        dead = "http://127.0.0.1:9/unreachable"
        put = fresh.put("/_sandbox/pages/hooked/webhooks", {"urls": [url, dead]})
        assert put.status_code == 200 and put.json()["urls"] == [url, dead]
        assert fresh.get("/_sandbox/pages/hooked/webhooks").json()["urls"] == [url, dead]
        action = fresh.post("/rest/v1/action/", {"page": "hooked", "email": "hook@example.com"}).json()
        fresh.post("/rest/v1/action/", {"page": "quiet", "email": "hook@example.com"})
        deliveries = fresh.get("/_sandbox/webhooks/deliveries").json()["deliveries"]
        assert sorted(d["status"] is None for d in deliveries) == [False, True]
        assert len(Receiver.received) == 1
        path, content_type, body = Receiver.received[0]
        assert path == "/hook/abc" and content_type == "application/x-www-form-urlencoded"
        assert body == {"action_id": [str(action["id"])], "page": ["hooked"],
                        "user_id": [action["user"].split("/")[-2]], "akid": [action["akid"]],
                        "created_at": [action["created_at"]]}
        assert fresh.put("/_sandbox/pages/nope/webhooks", {"urls": []}).status_code == 404
        assert fresh.put("/_sandbox/pages/hooked/webhooks", {"urls": "x"}).status_code == 400
    finally:
        server.shutdown()
        server.server_close()


def test_stop_frees_the_port_and_restarts_work():
    handle = start(users=3, seed=1)
    port = handle.port
    assert requests.get(handle.url("/rest/v1/user/"), auth=(USERNAME, PASSWORD), timeout=5).status_code == 200
    handle.stop()
    handle.stop()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    for _ in range(15):
        with start(users=0, seed=1) as again:
            assert Api(again).get("/rest/v1/").status_code == 200
            assert again.hostname == f"127.0.0.1:{again.port}" and again.base_url == f"http://{again.hostname}"


def test_file_database_persists_between_runs(tmp_path):
    path = str(tmp_path / "ak.sqlite3")
    with start(users=20, seed=4, db_path=path) as first:
        Api(first).post("/rest/v1/user/", {"email": "kept@example.com"})
    with start(users=20, seed=4, db_path=path) as second:
        meta = Api(second).get("/rest/v1/user/?email=kept@example.com").json()["meta"]
        assert meta["total_count"] == 1
        assert Api(second).get("/rest/v1/user/").json()["meta"]["total_count"] == 21


def test_cli_prints_ready_line_and_serves():
    proc = subprocess.Popen([sys.executable, "-m", "aksandbox", "--host", "127.0.0.1", "--port", "0",
                             "--username", "cli", "--password", "pw", "--users", "30", "--seed", "2"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "ready" in line
        base = line.split("ready at ")[1].split()[0]
        assert base.startswith("http://127.0.0.1:") and not base.endswith(":0")
        body = requests.get(base + "/rest/v1/user/", auth=("cli", "pw"), timeout=5).json()
        assert body["meta"]["total_count"] == 30
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
