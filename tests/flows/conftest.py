"""Flow fixtures: a synced page, actions on it, flows with steps, automations, and a clock tests move."""
import itertools
from datetime import datetime, timedelta

import pytest

from jobs.flows.clock import install_clock
from webapp.extensions import db
from webapp.models import AkAction, AkPage, Automation, Flow, FlowStep, Integration, Member, Message
from webapp.messaging.conversations import add_message, conversation_for

_ids = itertools.count(5000)
_phones = itertools.count(2125557000)


@pytest.fixture
def page(app):
    """A synced ActionKit page of an active integration."""
    integration = Integration(hostname="http://ak.test", username="api", sync_enabled=True)
    db.session.add(integration)
    db.session.flush()
    row = AkPage(integration_id=integration.id, ak_id=next(_ids), name="save-the-bees",
                 title="Save the Bees", synced=True)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def member(app):
    """Make a member (subscribed unless told otherwise)."""
    def make(**fields):
        fields.setdefault("phone", f"+1{next(_phones)}")
        fields.setdefault("subscribed", True)
        fields.setdefault("created_at", datetime(2026, 1, 1))
        row = Member(**fields)
        db.session.add(row)
        db.session.commit()
        return row
    return make


@pytest.fixture
def action(page):
    """Store an AkAction as the pages branch leaves it once processed (fires_automations for new ones)."""
    def make(member, backfill=False, fields=None, on_page=None, ak_id=None):
        row = AkAction(integration_id=(on_page or page).integration_id, ak_id=ak_id or next(_ids),
                       page_id=(on_page or page).id, member_id=member.id, fields=fields or {},
                       source="backfill" if backfill else "webhook", backfill=backfill, outcome="added",
                       fires_automations=not backfill)
        db.session.add(row)
        db.session.commit()
        return row
    return make


def make_flow(name, *steps):
    """A flow from (kind, body, config) tuples."""
    flow = Flow(name=name)
    for position, (kind, body, config) in enumerate(steps):
        flow.steps.append(FlowStep(position=position, kind=kind, body=body, config=config))
    db.session.add(flow)
    db.session.commit()
    return flow


def make_automation(flow, **fields):
    """An enabled automation starting the flow (page_action on the page unless told otherwise)."""
    fields.setdefault("name", f"Automation {next(_ids)}")
    row = Automation(flow_id=flow.id, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def outbound(member):
    """Bodies of the member's outbound texts, oldest first."""
    return list(db.session.scalars(db.select(Message.body).filter_by(member_id=member.id, direction="outbound")
                                   .order_by(Message.id)))


def inbound(member, body):
    """Store an inbound text from the member, as the messaging layer does before routing it."""
    message = add_message(member, conversation_for(member), direction="inbound", kind="text", body=body,
                          status="received")
    db.session.commit()
    return message


@pytest.fixture
def clock(app):
    """A clock the engine reads; .advance(minutes=...) moves it."""
    class Clock:
        now = datetime(2026, 6, 1, 12, 0)

        def __call__(self):
            return self.now

        def advance(self, **delta):
            self.now += timedelta(**delta)
    current = Clock()
    install_clock(app, current)
    yield current
    install_clock(app, None)
