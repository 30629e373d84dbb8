"""Embedded dev mode: one command brings up web, worker, scheduler and the ActionKit sandbox."""
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.test_embedded_members import snapshot
from webapp import embedded

ROOT = Path(__file__).resolve().parents[1]
BANNER_TIMEOUT = 60


def test_state_is_persisted_and_reused(tmp_path):
    first = embedded.load_state(tmp_path)
    again = embedded.load_state(tmp_path)
    assert first == again and set(first) >= {"SECRET_KEY", "ENCRYPTION_KEY", "SANDBOX_PASSWORD"}
    assert oct((tmp_path / embedded.STATE_FILE).stat().st_mode & 0o777) == "0o600"


def test_assembly_in_process_runs_periodic_jobs(tmp_path):
    from jobs.schedule import job_id, periodic_job_definitions
    from webapp.queues import get_queue
    running = embedded.start(port=0, sandbox=False, instance_path=tmp_path)
    server = threading.Thread(target=running.server.serve_forever, daemon=True)
    server.start()
    try:
        assert (tmp_path / "kitbridge.db").exists()
        assert running.seeded is None  # no sandbox, nothing to overlap: the member list stays empty
        with running.app.app_context():
            assert snapshot() == []
        assert requests.get(running.url + "healthz", timeout=5).json()["redis"] == "ok"
        with running.app.app_context():
            expected = job_id(next(d for d in periodic_job_definitions()
                                 if d["func"] == "jobs.maintenance.prune_finished_runs"))
            job = _wait(lambda: get_queue().fetch_job(expected))
            assert _wait(lambda: job.get_status(refresh=True) == "finished"), job.get_status()
    finally:
        running.server.shutdown()
        embedded.shutdown(running)
    assert not any(thread.is_alive() for thread in running.threads)


def _start_and_stop(tmp_path):
    """One embedded start with a sandbox: what it seeded, its banner and the member list, then stop."""
    running = embedded.start(port=0, sandbox_users=600, instance_path=tmp_path)
    try:
        with running.app.app_context():
            return running.seeded, embedded.banner(running), snapshot()
    finally:
        embedded.shutdown(running)


def test_members_are_seeded_on_the_first_start_only(tmp_path):
    report, banner, members = _start_and_stop(tmp_path)
    assert report.seeded == len(members) == 300 and report.overlapping == 120
    assert "Member list:       seeded 300 members; 120 share a phone with sandbox users" in banner
    report, banner, again = _start_and_stop(tmp_path)
    assert report.seeded == 0 and "Member list" not in banner
    assert again == members  # a restart keeps the data and adds nothing


def _wait(probe, timeout=15.0):
    """Poll probe() until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    return None


def _read_banner(process):
    """Collect stdout lines until the banner's last line (a reader thread keeps the pipe drained)."""
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    text, deadline = "", time.monotonic() + BANNER_TIMEOUT
    while "Press Ctrl-C" not in text:
        try:
            text += lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"no banner within {BANNER_TIMEOUT}s; got: {text!r}")
    return text


def _parse(banner):
    """The admin URL, login, sandbox URL and sandbox login printed by `flask dev`."""
    found = lambda pattern: re.search(pattern, banner).groups()  # noqa: E731
    return {"url": found(r"Admin URL:\s+(\S+)")[0],
            "login": found(r"Admin login:\s+(\S+) / (\S+)"),
            "sandbox": found(r"ActionKit sandbox:\s+(\S+)")[0],
            "sandbox_login": found(r"Sandbox login:\s+(\S+) / (\S+)")}


def _login(url, email, password):
    """Sign in through the real form, CSRF token included."""
    session = requests.Session()
    page = session.get(url + "login", timeout=5).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = session.post(url + "login", data={"csrf_token": token, "email": email, "password": password},
                            allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    return session


@pytest.fixture
def dev_process(tmp_path):
    """`flask --app wsgi dev --port 0` in a temp instance folder; stopped with Ctrl-C afterwards."""
    env = dict(os.environ, KITBRIDGE_INSTANCE_PATH=str(tmp_path), PYTHONUNBUFFERED="1")
    with open(tmp_path / "stderr.log", "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "dev", "--port", "0", "--sandbox-users", "200"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                raise


def test_flask_dev_serves_admin_and_sandbox(dev_process, tmp_path):
    banner = _read_banner(dev_process)
    info = _parse(banner)
    assert re.search(r"Member list:\s+seeded \d{3} members; \d+ share a phone with sandbox users", banner), banner
    health = requests.get(info["url"] + "healthz", timeout=5)
    assert health.status_code == 200 and health.json()["redis"] == "ok"
    session = _login(info["url"], *info["login"])
    assert info["login"][0] == embedded.ADMIN_EMAIL
    assert session.get(info["url"] + "members/", timeout=5).status_code == 200
    api = requests.get(info["sandbox"] + "/rest/v1/", auth=info["sandbox_login"], timeout=5)
    assert api.status_code == 200
    dev_process.send_signal(signal.SIGINT)
    assert dev_process.wait(timeout=20) == 0, (tmp_path / "stderr.log").read_text()[-2000:]
