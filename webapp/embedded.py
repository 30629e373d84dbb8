"""Embedded dev mode (`flask --app wsgi dev`): the whole product in one process.

SQLite in the instance folder, ONE in-process fake Redis shared by the web server, an RQ worker
thread and the scheduler thread, and the ActionKit sandbox on a free port beside it. Only the
dev command imports this module; fakeredis and aksandbox are imported inside functions, so
production code paths never need them.
"""
import json
import logging
import os
import secrets
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

import click

ADMIN_EMAIL = "admin@kitbridge.local"
SANDBOX_USERNAME = "kitbridge"
STATE_FILE = "embedded.json"
INSTANCE_ENV = "KITBRIDGE_INSTANCE_PATH"
LOG_NAMESPACES = ("rq", "jobs", "kitbridge", "webapp")
HTTP_LOGGER = "kitbridge.dev.http"


@dataclass
class Embedded:
    """Everything the dev mode started, so one place can stop it."""

    app: object
    admin_password: str
    server: object = None
    sandbox: object = None
    seeded: object = None  # webapp.devseed.SeedReport when the sandbox runs
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list = field(default_factory=list)

    @property
    def url(self):
        """Where the admin UI answers."""
        return f"http://{self.server.host}:{self.server.server_port}/"


def instance_dir(path=None):
    """The folder for the SQLite file and persisted dev secrets (KITBRIDGE_INSTANCE_PATH wins)."""
    from webapp import ROOT
    chosen = Path(path or os.environ.get(INSTANCE_ENV) or ROOT / "instance").resolve()
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def load_state(instance):
    """Secrets kept across restarts, so sessions survive and stored passwords still decrypt."""
    from cryptography.fernet import Fernet
    path = instance / STATE_FILE
    state = json.loads(path.read_text()) if path.exists() else {}
    makers = {"SECRET_KEY": lambda: secrets.token_hex(32),
              "ENCRYPTION_KEY": lambda: Fernet.generate_key().decode(),
              "SANDBOX_PASSWORD": lambda: secrets.token_urlsafe(12)}
    missing = [key for key in makers if not state.get(key)]
    for key in missing:
        state[key] = makers[key]()
    if missing or not path.exists():
        save_state(instance, state)
    return state


def save_state(instance, state):
    """Write the state file readable by its owner only (it holds the encryption key)."""
    path = instance / STATE_FILE
    path.write_text(json.dumps(state, indent=2))
    os.chmod(path, 0o600)


def embedded_config(instance, state):
    """Config for a laptop: SQLite file, plain-http cookies, loopback ActionKit allowed."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'kitbridge.db'}",
        # Web threads, the worker thread and the scheduler share one SQLite file: wait for locks.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "connect_args": {"timeout": 30}},
        "SECRET_KEY": state["SECRET_KEY"],
        "ENCRYPTION_KEY": state["ENCRYPTION_KEY"],
        "SESSION_COOKIE_SECURE": False,
        "ACTIONKIT_ALLOW_INSECURE": True,
        "KITBRIDGE_EMBEDDED": True,  # lets the dev-only member seeding run (webapp.devseed)
        "INBOX_SIMULATE": True,  # a conversation offers "Simulate a reply" (nothing leaves the machine here)
    }


def build_app(instance, state):
    """The app on one in-process FakeRedis that every thread of this process shares."""
    import fakeredis
    from webapp import create_app
    return create_app(embedded_config(instance, state), redis=fakeredis.FakeRedis(server=fakeredis.FakeServer()))


def build_schema(app):
    """Alembic upgrade when migrations exist, else create_all (for a DB made before them too)."""
    import flask_migrate
    from sqlalchemy import inspect
    from webapp import ROOT
    from webapp.extensions import db
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        unversioned = bool(tables) and "alembic_version" not in tables
        if any((ROOT / "migrations" / "versions").glob("*.py")) and not unversioned:
            flask_migrate.upgrade()
        else:
            db.create_all()


def fail_runs_lost_with_the_last_process(app):
    """The in-process Redis starts empty, so runs left queued or running by a previous start are dead."""
    from jobs.maintenance import fail_interrupted_runs
    with app.app_context():
        fail_interrupted_runs()


def restore_logging():
    """Alembic's fileConfig disables loggers that already exist; keep requests and job logs visible."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".")[0] in LOG_NAMESPACES:
            logger.disabled = False
    logging.getLogger(HTTP_LOGGER).setLevel(logging.INFO)


def reset_admin(app):
    """A fresh random password for the dev admin on every start; returns it."""
    from webapp.cli.staff import create_or_update_admin
    from webapp.extensions import db
    password = secrets.token_urlsafe(12)
    with app.app_context():
        create_or_update_admin(ADMIN_EMAIL, password)
        db.session.commit()
    return password


def start_sandbox(instance, state, users, host="127.0.0.1"):
    """aksandbox kept in instance/aksandbox.db (seeded with `users` when empty) on last run's port.

    Its data, port and password survive restarts, so the integration saved in kitbridge.db
    (hostname, import page, watermarks) still matches the sandbox it was connected to.
    """
    from aksandbox.server import start_sandbox as start
    options = dict(host=host, username=SANDBOX_USERNAME, password=state["SANDBOX_PASSWORD"], users=users,
                   db_path=str(instance / "aksandbox.db"))
    try:
        handle = start(port=int(state.get("SANDBOX_PORT") or 0), **options)
    except OSError:
        handle = start(port=0, **options)
    if state.get("SANDBOX_PORT") != handle.port:
        state["SANDBOX_PORT"] = handle.port
        save_state(instance, state)
    return handle


def seed_member_list(app, handle):
    """An empty member list gets ~300 members overlapping the sandbox's users, so a first sync links."""
    from aksandbox.seed_data import OPT_IN_FIELD
    from webapp.devseed import seed_members
    return seed_members(app, handle.store, OPT_IN_FIELD)


def prefill(handle):
    """What the ActionKit connect form pre-fills from (ACTIONKIT_PREFILL)."""
    username, password = handle.auth
    return {"hostname": handle.base_url, "base_url": handle.base_url,
            "username": username, "password": password}


def start(host="127.0.0.1", port=5000, sandbox_users=2000, sandbox=True, instance_path=None):
    """Assemble and start everything except serving on the main thread; returns the handles."""
    from jobs.devworker import start_scheduler_thread, start_worker_thread
    from webapp.devseed.devserver import make_dev_server, sandbox_helpers
    instance = instance_dir(instance_path)
    state = load_state(instance)
    app = build_app(instance, state)
    build_schema(app)
    fail_runs_lost_with_the_last_process(app)
    restore_logging()
    running = Embedded(app=app, admin_password=reset_admin(app))
    if sandbox:
        running.sandbox = start_sandbox(instance, state, sandbox_users)
        app.config["ACTIONKIT_PREFILL"] = prefill(running.sandbox)
        running.seeded = seed_member_list(app, running.sandbox)
    running.threads = [start_worker_thread(app, running.stop), start_scheduler_thread(app, running.stop)]
    running.server = make_dev_server(host, port, app, HTTP_LOGGER)
    if sandbox:
        running.threads += sandbox_helpers(running, state, lambda: save_state(instance, state))
    return running


def banner(running):
    """The lines a newcomer needs: where to go and how to log in, here and in the sandbox."""
    lines = ["", "Kitbridge embedded mode is running.",
             f"  Admin URL:         {running.url}",
             f"  Admin login:       {ADMIN_EMAIL} / {running.admin_password}"]
    if running.sandbox is not None:
        from webapp.devseed.example_flow import example_banner_line
        username, password = running.sandbox.auth
        users = running.sandbox.store.counts()["users"]
        lines += [f"  ActionKit sandbox: {running.sandbox.base_url}  ({users:,} users; "
                  f"delete the instance folder to start over)",
                  f"  Sandbox login:     {username} / {password}",
                  f"  Take action:       {running.sandbox.base_url}/act/  (each page's form; once you connect, "
                  f"its webhooks follow this app's webhook URL)", example_banner_line(running.sandbox.base_url)]
        if running.seeded is not None and running.seeded.seeded:  # not on a restart: the list keeps its data
            lines += [f"  Member list:       {line}" if n == 0 else f"                     {line}"
                      for n, line in enumerate(running.seeded.describe())]
    lines += ["  Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def shutdown(running):
    """Stop threads, the sandbox and the listening socket (safe to call twice)."""
    running.stop.set()
    for thread in running.threads:
        thread.join(timeout=5)
    if running.sandbox is not None:
        running.sandbox.stop()
    if running.server is not None:
        running.server.server_close()


def _interrupt(signum, frame):
    """SIGTERM stops the dev server the same way Ctrl-C does."""
    raise KeyboardInterrupt


def run(**options):
    """`flask dev`: start everything, print the banner, serve on the main thread until Ctrl-C."""
    running = start(**options)
    click.echo(banner(running))
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        running.server.serve_forever()  # werkzeug returns quietly on Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        click.echo("Stopping Kitbridge embedded mode...")
        shutdown(running)
