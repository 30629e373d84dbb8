"""Pages and actions against a live aksandbox: the sync_jobs fixtures, plus helpers to act and sync pages."""
import pytest

from tests.sync_jobs.conftest import Raw, activated, app, connected, raw, run_jobs, sandbox  # noqa: F401
from webapp.extensions import db
from webapp.models import AkAction, AkPage, AkUser, GroupMembership


def post_action(raw, page_name, user_id, **fields):
    """Take an action in ActionKit as an existing user (the sandbox's action processing)."""
    body = {"page": page_name, "id": user_id, **{f"action_{k}": v for k, v in fields.items()}}
    response = raw.session.post(raw.handle.url("/rest/v1/action/"), json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def page_named(name):
    return db.session.scalar(db.select(AkPage).filter_by(name=name))


def actions_of(page):
    return list(db.session.scalars(db.select(AkAction).filter_by(page_id=page.id).order_by(AkAction.ak_id)))


def group_member_ids(group_id):
    return set(db.session.scalars(db.select(GroupMembership.member_id).filter_by(group_id=group_id)))


def user_row(ak_id):
    return db.session.scalar(db.select(AkUser).filter_by(ak_id=ak_id))


def first_user_with(status):
    return db.session.scalars(db.select(AkUser).filter_by(status=status).order_by(AkUser.ak_id)).first()


@pytest.fixture
def synced_page(app, activated):
    """The seeded page with the most actions, synced and its past actions backfilled."""
    from jobs.sync.pages import request_page_sync
    page = busiest_page()
    request_page_sync(page.id)
    db.session.commit()
    run_jobs(app)
    return page_named(page.name)


def busiest_page():
    """The stored non-import page with the most actions (ActionKit's count)."""
    query = db.select(AkPage).where(AkPage.type != "Import").order_by(AkPage.action_count.desc(), AkPage.id)
    return db.session.scalars(query).first()
