"""`flask messages list [--json]` prints the log with the fields scripts rely on."""
import json

from tests.messaging.conftest import run_jobs
from tests.messaging.test_inbound_keywords import text_in
from webapp.extensions import db
from webapp.messaging import queue_outbound
from webapp.models import Automation, Flow


def test_json_lists_outbound_and_inbound_with_their_cause(app, runner, client, make_member):
    member = make_member(subscribed=True)
    flow = Flow(name="Thanks")
    db.session.add(flow)
    db.session.flush()
    automation = Automation(name="Thank actors", flow_id=flow.id)
    db.session.add(automation)
    db.session.flush()
    queue_outbound(member, "Thanks for signing!", automation_id=automation.id, flow_id=flow.id)
    db.session.commit()
    text_in(client, member.phone, "what's next?")
    run_jobs(app)
    result = runner.invoke(args=["messages", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [set(row) for row in rows] == [{"id", "to", "body", "direction", "status", "flow", "automation",
                                           "created_at"}] * 2
    out, inbound = rows
    assert (out["to"], out["direction"], out["status"], out["automation"], out["flow"]) == (
        member.phone, "outbound", "sent", "Thank actors", "Thanks")
    assert (inbound["direction"], inbound["body"], inbound["status"]) == ("inbound", "what's next?", "received")
    only_in = json.loads(runner.invoke(args=["messages", "list", "--json", "--direction", "inbound"]).output)
    assert [row["id"] for row in only_in] == [inbound["id"]]
    last = json.loads(runner.invoke(args=["messages", "list", "--json", "--limit", "1"]).output)
    assert [row["id"] for row in last] == [inbound["id"]]


def test_text_output_and_bad_options(app, runner, make_member):
    assert runner.invoke(args=["messages", "list"]).output.strip() == "No messages."
    queue_outbound(make_member(subscribed=True), "Line one\nline two")
    db.session.commit()
    output = runner.invoke(args=["messages", "list"]).output
    assert "outbound" in output and '"Line one\\nline two"' in output and output.count("\n") == 1
    bad = runner.invoke(args=["messages", "list", "--limit", "0"])
    assert bad.exit_code == 2 and "--limit" in bad.output
    assert runner.invoke(args=["messages", "list", "--direction", "sideways"]).exit_code == 2
