"""Flows through the real SMS path: Twilio-format webhook -> routing job -> engine -> outbox messages."""
import pytest

from jobs.runner import run_queued_jobs
from tests.conftest import _empty_tables, build_app
from tests.flows.conftest import make_automation, make_flow, outbound
from webapp.extensions import db
from webapp.models import Conversation, FlowRun, GroupMembership, Member


@pytest.fixture
def app():
    """Inbound texts are accepted from the outbox provider only when simulating (no provider signs them)."""
    app = build_app(INBOX_SIMULATE=True)
    with app.app_context():
        yield app
        _empty_tables()


def text_in(client, app, phone, body):
    """Post the text as Twilio does, then let the worker route it (and send what it queued)."""
    response = client.post("/webhooks/sms/inbound", data={"From": phone, "To": "+15005550006", "Body": body})
    assert response.status_code == 200, response.get_data(as_text=True)
    run_queued_jobs(app)
    db.session.expire_all()


def _volunteer_flow(group):
    """Keyword VOLUNTEER asks a yes/no question; yes joins the group."""
    flow = make_flow("Volunteer", ("question", "Hi {{first_name}}! Will you volunteer? YES or NO",
                                   {"style": "yes_no", "answers": [{"label": "Yes", "group_id": group.id},
                                                                   {"label": "No"}],
                                    "invalid_message": "Please reply YES or NO."}),
                     ("message", "Thank you!", {}))
    return make_automation(flow, trigger="keyword", keyword="VOLUNTEER")


def _conversation(member):
    """The member's inbox conversation."""
    return db.session.scalar(db.select(Conversation).filter_by(member_id=member.id))


def test_keyword_question_answer_joins_the_group(app, client, member, make_group):
    group = make_group("Volunteers")
    _volunteer_flow(group)
    ann = member(first_name="Ann")
    text_in(client, app, ann.phone, " volunteer ")
    assert outbound(ann) == ["Hi Ann! Will you volunteer? YES or NO"]
    text_in(client, app, ann.phone, "Yes")
    assert db.session.get(GroupMembership, (group.id, ann.id)) is not None
    assert outbound(ann)[-1] == "Thank you!"
    assert _conversation(ann).needs_response is False


def test_second_invalid_answer_lands_in_the_inbox_as_needs_response(app, client, member, make_group):
    _volunteer_flow(make_group("Volunteers"))
    ann = member(first_name="Ann")
    text_in(client, app, ann.phone, "volunteer")
    text_in(client, app, ann.phone, "what?")
    assert outbound(ann)[-1] == "Please reply YES or NO."
    assert _conversation(ann).needs_response is False
    text_in(client, app, ann.phone, "I don't know")
    assert _conversation(ann).needs_response is True
    assert len(outbound(ann)) == 2


def test_stop_ends_the_running_flow(app, client, member, make_group):
    group = make_group("Volunteers")
    _volunteer_flow(group)
    ann = member(first_name="Ann")
    text_in(client, app, ann.phone, "volunteer")
    text_in(client, app, ann.phone, "STOP")
    assert db.session.scalar(db.select(FlowRun.status)) == "stopped"
    text_in(client, app, ann.phone, "START")
    text_in(client, app, ann.phone, "yes")  # START's YES-family handling aside, the old question is over
    assert db.session.get(GroupMembership, (group.id, ann.id)) is None


def test_a_new_texter_gets_the_new_member_keyword_flow(app, client):
    make_automation(make_flow("Hello", ("message", "Welcome to the list!", {})), trigger="keyword",
                    keyword="JOIN", audience="new")
    text_in(client, app, "+12125559876", "join")
    newcomer = db.session.scalar(db.select(Member).filter_by(phone="+12125559876"))
    assert newcomer.source == "sms" and newcomer.subscribed is True  # texting in is the opt-in
    assert outbound(newcomer) == ["Welcome to the list!"]
    text_in(client, app, newcomer.phone, "join")  # the second time, the texter is no longer new
    assert outbound(newcomer) == ["Welcome to the list!"]
    assert _conversation(newcomer).needs_response is True
