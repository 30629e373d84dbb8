"""`flask actionkit status --json`: pages, actions of synced pages, groups by kind and the webhook path."""
import json

from tests.integration_ui.conftest import SANDBOX_PASSWORD, SANDBOX_USER
from webapp.extensions import db
from webapp.models import AkAction, AkPage, Integration
from webapp.models.members import GROUP_KINDS
from webapp.store.groups import create_group, primary_group


def status_json(runner):
    result = runner.invoke(args=["actionkit", "status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def add_page(integration, ak_id, name, synced):
    page = AkPage(integration_id=integration.id, ak_id=ak_id, name=name, title=name.title(), type="petition",
                  synced=synced)
    db.session.add(page)
    db.session.flush()
    return page


def add_actions(integration, page, first_id, count):
    db.session.add_all(AkAction(integration_id=integration.id, ak_id=first_id + n, page_id=page.id,
                                page_ak_id=page.ak_id, ak_user_id=n + 1, outcome="added" if page.synced else "ignored")
                       for n in range(count))


def test_before_connecting_every_new_key_is_present_and_empty(runner):
    create_group("Volunteers")
    status = status_json(runner)
    assert status["pages"] == {"total": 0, "synced": 0} and status["actions"] == 0
    assert status["groups"] == dict(dict.fromkeys(GROUP_KINDS, 0), manual=1)
    assert status["webhook_path"] is None


def test_counts_only_actions_of_synced_pages_and_groups_by_kind(runner, sandbox):
    result = runner.invoke(args=["actionkit", "connect", "--hostname", sandbox.base_url, "--username",
                                 SANDBOX_USER, "--password", SANDBOX_PASSWORD])
    assert result.exit_code == 0, result.output
    integration = db.session.scalar(db.select(Integration))
    synced = add_page(integration, 4, "save-the-library", synced=True)
    add_page(integration, 2, "volunteer-signup", synced=False)
    unsynced = add_page(integration, 3, "newsletter-signup", synced=False)
    add_actions(integration, synced, 100, 3)
    add_actions(integration, unsynced, 200, 5)
    create_group("Save the library", kind="actionkit_page")
    create_group("Said yes", kind="actionfield")
    create_group("Helpers")
    primary_group()
    db.session.commit()
    status = status_json(runner)
    assert status["pages"] == {"total": 3, "synced": 1}
    assert status["actions"] == 3
    assert status["groups"] == {"actionkit_primary": 1, "actionkit_page": 1, "actionfield": 1,
                                "actionkit_usergroup": 0, "manual": 1}
    assert status["webhook_path"] == f"/webhooks/actionkit/{integration.webhook_token}"
    readable = runner.invoke(args=["actionkit", "status"]).output
    assert "Pages: 1 synced / 3" in readable and integration.webhook_token in readable
