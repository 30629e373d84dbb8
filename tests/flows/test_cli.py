"""`flask flows ...` and `flask automations ...`: scriptable, JSON lists, one-line errors with a non-zero exit."""
import json

from tests.flows.conftest import make_flow
from webapp.extensions import db
from webapp.models import Automation, Flow


def _ok(runner, *args):
    """Run a command that must succeed; its output."""
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _refused(runner, *args):
    """Run a command that must fail with exactly one line; that line."""
    result = runner.invoke(args=list(args))
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_flows_create_and_list(runner):
    created = _ok(runner, "flows", "create", "--name", "Hello", "--message", "Hi {{first_name}}")
    assert "Created the flow “Hello”" in created
    assert "Unknown merge tag {{nope}}" in _refused(runner, "flows", "create", "--name", "Bad", "--message", "{{nope}}")
    assert "already exists" in _refused(runner, "flows", "create", "--name", "hello", "--message", "Hi")
    assert "control character" in _refused(runner, "flows", "create", "--name", "A\x00", "--message", "Hi")
    assert "longer than 1600" in _refused(runner, "flows", "create", "--name", "Long", "--message", "x" * 1601)
    escape = _refused(runner, "flows", "create", "--name", "X", "--message", "{{ ''.__class__ }}")
    assert escape.startswith("Error: --message")
    rows = json.loads(_ok(runner, "flows", "list", "--json"))
    assert rows == [{"id": rows[0]["id"], "name": "Hello", "steps": ["message"], "automations": []}]
    assert "Hello" in _ok(runner, "flows", "list")
    assert db.session.scalar(db.select(db.func.count()).select_from(Flow)) == 1


def test_automations_create_list_disable(runner, page):
    make_flow("Welcome", ("message", "Hi", {}))
    _ok(runner, "automations", "create", "--name", "Bees", "--page", "save-the-bees", "--flow", "Welcome",
        "--audience", "new", "--field", "host", "--value", "yes")
    _ok(runner, "automations", "create", "--name", "Join", "--keyword", "join", "--message", "Welcome {{first_name}}!")
    _ok(runner, "automations", "create", "--name", "By id", "--page", str(page.ak_id), "--flow", "Welcome")
    rows = {row["name"]: row for row in json.loads(_ok(runner, "automations", "list", "--json"))}
    assert rows["Bees"]["page"] == "save-the-bees" and rows["Bees"]["audience"] == "new"
    assert (rows["Bees"]["field"], rows["Bees"]["value"]) == ("host", "yes")
    assert rows["Join"]["keyword"] == "JOIN" and rows["Join"]["flow"] == "Join" and rows["Join"]["runs"] == 0
    assert "Disabled the automation “Join”" in _ok(runner, "automations", "disable", "join")
    assert db.session.scalar(db.select(Automation.enabled).filter_by(name="Join")) is False
    assert "Join" in _ok(runner, "automations", "list")


def test_automation_errors_are_one_line(runner, page):
    make_flow("Welcome", ("message", "Hi", {}))
    cases = [
        (["--name", "A", "--flow", "Welcome"], "exactly one of --page"),
        (["--name", "A", "--page", "x", "--keyword", "Y", "--flow", "Welcome"], "exactly one of --page"),
        (["--name", "A", "--page", "no-such-page", "--flow", "Welcome"], "No synced ActionKit page"),
        (["--name", "A", "--keyword", "STOP", "--flow", "Welcome"], "consent"),
        (["--name", "A", "--keyword", "two words", "--flow", "Welcome"], "one word"),
        (["--name", "A", "--keyword", "GO"], "exactly one of --flow"),
        (["--name", "A", "--keyword", "GO", "--flow", "Nope"], "No flow is named"),
        (["--name", "A", "--keyword", "GO", "--message", "{{bad}}"], "Unknown merge tag"),
        (["--name", "A", "--keyword", "GO", "--flow", "Welcome", "--field", "host"], "only apply to --page"),
        (["--name", "A", "--page", "save-the-bees", "--flow", "Welcome", "--value", "x"], "--value needs --field"),
        (["--name", "A", "--keyword", "GO", "--flow", "Welcome", "--audience", "everyone"], "--audience must be"),
    ]
    for args, says in cases:
        line = _refused(runner, "automations", "create", *args)
        assert says in line, (args, line)
    assert "No automation is named" in _refused(runner, "automations", "disable", "ghost")
    assert db.session.scalar(db.select(db.func.count()).select_from(Automation)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Flow)) == 1  # no stray one-message flow
