"""The hand-off to the flow engine (jobs.flows.engine, merged from the flows work): what it consumes needs
no response, STOP ends running flows first, and unsubscribed members' texts never reach it."""
import sys
import types

import pytest

from tests.messaging.conftest import Conversation, run_jobs
from tests.messaging.test_inbound_keywords import text_in
from webapp.extensions import db
from webapp.models import Message


@pytest.fixture
def engine(monkeypatch):
    """An engine module recording its calls; it consumes texts that say "zip"."""
    module = types.ModuleType("jobs.flows.engine")
    module.calls = []

    def handle_inbound(message_id):
        module.calls.append(("handle_inbound", message_id))
        return "zip" in db.session.get(Message, message_id).body

    module.handle_inbound = handle_inbound
    module.stop_flows = lambda member_id: module.calls.append(("stop_flows", member_id))
    monkeypatch.setitem(sys.modules, "jobs.flows", types.ModuleType("jobs.flows"))
    monkeypatch.setitem(sys.modules, "jobs.flows.engine", module)
    sys.modules["jobs.flows"].engine = module
    return module


def _needs_response(member):
    return db.session.scalar(db.select(Conversation).filter_by(member_id=member.id)).needs_response


def test_consumed_text_needs_no_response_and_others_do(app, client, make_member, engine):
    member = make_member(subscribed=True)
    text_in(client, member.phone, "my zip is 12207")
    run_jobs(app)
    assert engine.calls[0][0] == "handle_inbound" and _needs_response(member) is False
    text_in(client, member.phone, "who are you?")
    run_jobs(app)
    assert len(engine.calls) == 2 and _needs_response(member) is True


def test_stop_ends_flows_and_never_reaches_the_engine(app, client, make_member, engine):
    member = make_member(subscribed=True)
    text_in(client, member.phone, "STOP")
    run_jobs(app)
    assert engine.calls == [("stop_flows", member.id)]
    text_in(client, member.phone, "my zip is 12207")  # unsubscribed: straight to the inbox
    run_jobs(app)
    assert engine.calls == [("stop_flows", member.id)] and _needs_response(member) is True
