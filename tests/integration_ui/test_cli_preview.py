"""`flask actionkit preview` and the preview `activate` prints, against a live aksandbox (40 users)."""
import json

from tests.integration_ui.test_cli import assert_one_line_error, run
from webapp.extensions import db
from webapp.models import Integration, SyncRun

REQUIRED = {"sampled": int, "total_users": int, "would_sync": int, "skipped": dict, "members_created": int,
            "members_linked": int, "rewrites": dict, "warnings": list}


def choose_opt_in(runner, field="sms_opt_in"):
    result = run(runner, "settings", "--opt-in-field", field)
    assert result.exit_code == 0, result.output


def test_preview_json_has_the_documented_shape(runner, connected):
    choose_opt_in(runner)
    result = run(runner, "preview", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key, kind in REQUIRED.items():
        assert isinstance(data[key], kind), key
    assert data["total_users"] == 40 and data["whole_list"] is True
    assert data["would_sync"] + sum(data["skipped"].values()) == 40
    assert all(isinstance(n, int) and n > 0 for n in data["skipped"].values())
    assert all(isinstance(n, int) and n > 0 for n in data["rewrites"].values())
    assert data["would_sync"] == data["members_created"] + data["members_linked"]
    assert db.session.scalar(db.select(db.func.count(SyncRun.id))) == 0  # the CLI preview keeps nothing


def test_preview_of_a_sample_says_it_is_a_sample(runner, connected):
    choose_opt_in(runner)
    data = json.loads(run(runner, "preview", "--json", "--sample", "10").output)
    assert data["sampled"] == 10 and data["whole_list"] is False
    assert data["would_sync"] + sum(data["skipped"].values()) == 10
    text = run(runner, "preview", "--sample", "10").output
    assert "SAMPLE of 10 phone owners" in text and "Would sync:" in text and "ActionKit values rewritten:" in text


def test_preview_errors_are_one_line(runner, connected):
    assert_one_line_error(run(runner, "preview"), "opt-in userfield")
    choose_opt_in(runner)
    result = run(runner, "preview", "--sample", "0")
    assert result.exit_code != 0 and "--sample" in result.output


def test_wrong_opt_in_field_warns_in_the_text(runner, connected):
    choose_opt_in(runner, "favorite_issue")
    result = run(runner, "preview")
    assert result.exit_code == 0, result.output
    assert "WARNING:" in result.output and "Is this the right field?" in result.output


def test_activate_prints_the_preview_and_asks_before_rewriting(runner, connected):
    choose_opt_in(runner)
    refused = runner.invoke(args=["actionkit", "activate"], input="n\n")
    assert refused.exit_code != 0
    assert "Would sync:" in refused.output and "will be rewritten" in refused.output
    assert "Sync Accounts was not turned on" in refused.output
    db.session.expire_all()
    assert not db.session.get(Integration, connected.id).sync_enabled
    assert db.session.scalar(db.select(db.func.count(SyncRun.id))) == 0
    agreed = runner.invoke(args=["actionkit", "activate"], input="y\n")
    assert agreed.exit_code == 0, agreed.output
    assert "queued" in agreed.output
    db.session.expire_all()
    assert db.session.get(Integration, connected.id).sync_enabled


def test_activate_yes_skips_the_question(runner, connected):
    choose_opt_in(runner)
    result = run(runner, "activate", "--yes")
    assert result.exit_code == 0, result.output
    assert "Would sync:" in result.output and "Turn on Sync Accounts?" not in result.output
