"""`flask actionkit usergroups|usergroup-sync|usergroup-unsync` against a live sandbox."""
import json

from tests.sync_jobs.conftest import run_jobs
from tests.usergroups.helpers import group_members, linked, sandbox_members, usergroup
from webapp.extensions import db
from webapp.models import Integration


def test_usergroups_json_lists_every_usergroup(runner, raw, activated):
    result = runner.invoke(args=["actionkit", "usergroups", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {row["name"] for row in rows} == {g["name"] for g in raw.all("usergroup")}
    assert all(row["synced"] is False and row["members"] is None for row in rows)


def test_sync_then_unsync_by_name(app, runner, raw, activated):
    result = runner.invoke(args=["actionkit", "usergroup-sync", "Volunteers"])
    assert result.exit_code == 0, result.output
    assert "synced into the group “Volunteers”" in result.output
    run_jobs(app)
    row = usergroup("Volunteers")
    assert group_members(row.group_id) == set(linked(sandbox_members(raw, row.ak_id)).values())
    table = runner.invoke(args=["actionkit", "usergroups"]).stdout
    assert f"Volunteers (#{row.ak_id}): synced since" in table and f"{len(group_members(row.group_id))} members" in table
    result = runner.invoke(args=["actionkit", "usergroup-unsync", "Volunteers"])
    assert result.exit_code == 0 and "no longer synced" in result.output
    db.session.expire_all()
    assert usergroup("Volunteers").synced is False


def test_errors_are_one_line_and_non_zero(runner, activated):
    result = runner.invoke(args=["actionkit", "usergroup-sync", "Nobody"])
    assert result.exit_code != 0 and "No ActionKit usergroup is named “Nobody”" in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = runner.invoke(args=["actionkit", "usergroup-unsync", "Don\x00ors"])
    assert result.exit_code != 0 and "Remove the control character (U+0000) from the usergroup name." in result.output
    integration = db.session.scalar(db.select(Integration))
    integration.sync_enabled = False
    db.session.commit()
    result = runner.invoke(args=["actionkit", "usergroup-sync", "Donors"])
    assert result.exit_code != 0 and "Turn on Sync Accounts on the ActionKit Settings tab first." in result.output
    assert usergroup("Donors").synced is False
