"""bench/webhook.py's setup and measurements: an active integration with a synced page, and reads of the result."""
import os
import subprocess
import sys
import tempfile
import time

import requests

from fault_procs import ROOT

WAIT_LIMIT = 600


def make_app(env):
    """This process's app, after `flask db upgrade` as the Procfile's release step runs it."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from webapp import create_app
    from webapp.config import config_from_env
    return create_app(config_from_env(tempfile.mkdtemp(prefix="kb-webhook-app-"), env))


def _activate_and_sync_busiest_page(app, handle):
    """Connect, activate, sync the page with the most actions and backfill it (jobs run in this process)."""
    from jobs import sync
    from jobs.runner import run_queued_jobs
    from jobs.sync.page_sync import request_page_sync
    from webapp.extensions import db
    from webapp.models import AkPage
    integration = sync.connect_instance(handle.base_url, *handle.auth)
    integration.opt_in_field = "sms_opt_in"
    db.session.commit()
    sync.activate(integration.id)
    db.session.commit()
    run_queued_jobs(app)
    page = db.session.scalars(db.select(AkPage).where(AkPage.type != "Import")
                              .order_by(AkPage.action_count.desc(), AkPage.id)).first()
    request_page_sync(page.id)
    db.session.commit()
    run_queued_jobs(app)
    db.session.expire_all()
    return integration, db.session.get(AkPage, page.id)


def prepare(env, handle, reserve):
    """The deployment's state before the phases; `reserve` linked users outside the page group are kept back."""
    from webapp.extensions import db
    from webapp.models import AkUser, GroupMembership
    app = make_app(env)
    with app.app_context():
        integration, page = _activate_and_sync_busiest_page(app, handle)
        inside = set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=page.group_id)))
        users = list(db.session.scalars(db.select(AkUser).order_by(AkUser.ak_id)))
        reserved = [u.ak_id for u in users if u.status == "synced" and u.member_id not in inside][:reserve]
        setup = {"app": app, "handle": handle, "page": page.name, "group_id": page.group_id,
                 "path": f"/webhooks/actionkit/{integration.webhook_token}", "reserved": reserved,
                 "pool": [u.ak_id for u in users if u.ak_id not in reserved]}
    session = requests.Session()
    session.auth = handle.auth
    setup["session"] = session
    return setup


def post_sandbox_action(setup, user_id):
    """Take one action in aksandbox as an existing user; returns its JSON with the page name and user id."""
    response = setup["session"].post(setup["handle"].url("/rest/v1/action/"),
                                     json={"page": setup["page"], "id": user_id}, timeout=10)
    response.raise_for_status()
    return {**response.json(), "page_name": setup["page"], "user_id": user_id}


def take_actions_in_sandbox(setup, count):
    """`count` real actions on the synced page by users of the pool, in turn."""
    return [post_sandbox_action(setup, setup["pool"][index % len(setup["pool"])]) for index in range(count)]


def _processed_count(ids):
    """How many of the ids are stored and processed."""
    from webapp.extensions import db
    from webapp.models import AkAction
    db.session.rollback()
    return db.session.scalar(db.select(db.func.count(AkAction.id)).where(
        AkAction.ak_id.in_(ids), AkAction.processed_at.is_not(None)))


def wait_processed(setup, ids, started):
    """Seconds from `started` until every id is stored and processed (None if that never happens)."""
    with setup["app"].app_context():
        while time.perf_counter() - started < WAIT_LIMIT:
            if _processed_count(ids) >= len(set(ids)):
                return time.perf_counter() - started
            time.sleep(0.05)
    return None


def lost_and_duplicated(setup, actions):
    """(actions never stored, extra copies stored + members joined to the page group more than once)."""
    from webapp.extensions import db
    from webapp.models import AkAction, GroupChange
    ids = {a["id"] for a in actions}
    with setup["app"].app_context():
        rows = list(db.session.scalars(db.select(AkAction.ak_id).where(AkAction.ak_id.in_(ids))))
        joins = db.session.execute(db.select(GroupChange.member_id, db.func.count(GroupChange.id)).where(
            GroupChange.group_id == setup["group_id"], GroupChange.action == "joined")
            .group_by(GroupChange.member_id)).all()
    return len(ids - set(rows)), (len(rows) - len(set(rows))) + sum(count - 1 for _, count in joins)


def point_webhook(setup, url):
    """Set the synced page's webhook URL in aksandbox (its control endpoint)."""
    response = setup["session"].put(setup["handle"].url(f"/_sandbox/pages/{setup['page']}/webhooks"),
                                    json={"urls": [url]}, timeout=10)
    response.raise_for_status()


def act_and_wait(setup, user_id, limit=30.0):
    """Seconds from posting an action as the user to their member being in the page group (None: never)."""
    from webapp.extensions import db
    from webapp.models import AkUser, GroupMembership
    with setup["app"].app_context():
        member_id = db.session.scalar(db.select(AkUser.member_id).filter_by(ak_id=user_id))
        started = time.perf_counter()
        post_sandbox_action(setup, user_id)
        while time.perf_counter() - started < limit:
            db.session.rollback()
            if db.session.get(GroupMembership, (setup["group_id"], member_id)) is not None:
                return time.perf_counter() - started
            time.sleep(0.005)
    return None
