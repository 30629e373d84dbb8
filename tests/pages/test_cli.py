"""`flask actionkit pages|page-sync|page-unsync|actions`: happy paths and one-line errors."""
import json

from webapp.extensions import db
from webapp.models import AkPage

from tests.pages.conftest import actions_of, busiest_page, page_named, run_jobs


def _run(runner, *args):
    return runner.invoke(args=["actionkit", *args])


def test_pages_json_lists_every_page(runner, activated):
    result = _run(runner, "pages", "--json")
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.output)}
    stored = list(db.session.scalars(db.select(AkPage)))
    assert sorted(listed) == sorted(p.name for p in stored)
    for page in stored:
        assert listed[page.name] == {"name": page.name, "title": page.title, "type": page.type, "ak_id": page.ak_id,
                                     "action_count": page.action_count, "synced": False, "group": None}
    lines = _run(runner, "pages").output.splitlines()
    assert len(lines) == len(stored) and all("not synced" in line for line in lines)


def test_page_sync_backfills_and_actions_lists_them(app, runner, activated):
    name = busiest_page().name
    result = _run(runner, "page-sync", name)
    assert result.exit_code == 0 and f"Page “{name}” is synced into the group “{name}”" in result.output
    run_jobs(app)
    page = page_named(name)
    result = _run(runner, "actions", "--page", name, "--json", "--limit", "100000")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert sorted(a["ak_id"] for a in listed) == [r.ak_id for r in actions_of(page)]
    assert {(a["page"], a["arrived_by"], a["backfill"]) for a in listed} == {(name, "backfill", True)}
    assert [a["created_at"] for a in listed] == sorted((a["created_at"] for a in listed), reverse=True)
    assert len(_run(runner, "actions", "--limit", "3").output.splitlines()) == 3
    result = _run(runner, "page-unsync", name)
    assert result.exit_code == 0 and "group and members were kept" in result.output
    assert not page_named(name).synced and page_named(name).group_id == page.group_id


def test_unknown_page_names_exit_non_zero_with_one_line(runner, activated):
    for args in (("page-sync", "no-such-page"), ("page-unsync", "no-such-page"), ("actions", "--page", "nope")):
        result = _run(runner, *args)
        assert result.exit_code != 0
        assert "has been fetched; `flask actionkit pages` lists the pages" in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_unsyncing_a_page_that_is_not_synced_says_so(runner, activated):
    result = _run(runner, "page-unsync", busiest_page().name)
    assert result.exit_code != 0 and "is not synced" in result.output


def test_commands_need_a_connected_instance(runner, app):
    for args in (("pages",), ("page-sync", "x"), ("actions", "--json")):
        result = _run(runner, *args)
        assert result.exit_code != 0 and "No ActionKit instance is connected" in result.output


def test_page_sync_with_sync_accounts_off_is_refused(runner, activated):
    from jobs import sync
    integration_id = db.session.scalars(db.select(AkPage)).first().integration_id
    sync.deactivate(integration_id)
    db.session.commit()
    result = _run(runner, "page-sync", busiest_page().name)
    assert result.exit_code != 0 and "Turn on Sync Accounts first" in result.output
    assert not busiest_page().synced
