"""The inbox: conversations newest first, "needs response", search, keyset paging, staff replies, simulate."""
from datetime import datetime, timedelta

import pytest

from tests.conftest import _empty_tables, build_app
from tests.messaging.conftest import messages_of, run_jobs
from webapp.extensions import db
from webapp.messaging.conversations import add_message, conversation_for
from webapp.models import Conversation, Member


def chat(member, body, needs=False, minutes=0, direction="inbound"):
    """A conversation whose latest message is `body`, `minutes` after a fixed start."""
    conversation = conversation_for(member)
    add_message(member, conversation, direction=direction, body=body,
                status="received" if direction == "inbound" else "sent")
    conversation.last_message_at = datetime(2026, 5, 1) + timedelta(minutes=minutes)
    conversation.needs_response = needs
    db.session.commit()
    return conversation


def page_names(response):
    html = response.get_data(as_text=True)
    return [name for name in NAMES if f">{name}<" in html]


NAMES = [f"Person{i:02d}" for i in range(30)]


def test_inbox_lists_newest_first_and_pages_by_cursor(auth_client, make_member):
    for i, name in enumerate(NAMES):
        chat(make_member(first_name=name, subscribed=True), f"hello from {name}", minutes=i)
    first = auth_client.get("/inbox/")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert html.index("Person29") < html.index("Person28") and "Person04" not in html  # 25 a page
    older = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = auth_client.get(older)
    assert sorted(page_names(second)) == NAMES[:5]
    assert 'rel="next"' not in second.get_data(as_text=True)


def test_needs_response_filter_and_search(auth_client, make_member):
    chat(make_member(first_name="Waiting", subscribed=True), "Where is the rally?", needs=True, minutes=1)
    chat(make_member(first_name="Answered", subscribed=True), "Thanks!", minutes=2)
    needs = auth_client.get("/inbox/?needs=1").get_data(as_text=True)
    assert "Waiting" in needs and "Answered" not in needs
    found = auth_client.get("/inbox/?q=rally", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Waiting" in found and "Answered" not in found and "<html" not in found
    assert "Answered" in auth_client.get("/inbox/?q=ANSW").get_data(as_text=True)


@pytest.mark.parametrize("query", ["?after=garbage", "?after=W1siIl1d", "?q=%25_%5C", "?needs=maybe"])
def test_odd_queries_are_answered_not_500(auth_client, make_member, query):
    chat(make_member(first_name="Someone", subscribed=True), "hi")
    assert auth_client.get("/inbox/" + query).status_code == 200


def test_staff_reply_is_queued_sent_by_a_job_and_clears_needs_response(app, auth_client, make_member):
    member = make_member(first_name="Asker", subscribed=True)
    chat(member, "Can I volunteer?", needs=True)
    response = auth_client.post(f"/inbox/{member.id}/reply", data={"body": "  Yes! Come at 6.  "})
    assert response.status_code == 303
    [reply] = messages_of(member, "outbound")
    assert (reply.body, reply.kind, reply.status, reply.staff_email) == ("Yes! Come at 6.", "staff", "queued",
                                                                         "staff@example.org")
    assert db.session.scalar(db.select(Conversation).filter_by(member_id=member.id)).needs_response is False
    run_jobs(app)
    assert messages_of(member, "outbound")[0].status == "sent"
    page = auth_client.get(f"/inbox/{member.id}").get_data(as_text=True)
    assert "Yes! Come at 6." in page and "staff@example.org" in page


def test_reply_to_an_unsubscribed_member_is_refused_with_a_reason(auth_client, make_member):
    member = make_member(subscribed=False)
    response = auth_client.post(f"/inbox/{member.id}/reply", data={"body": "Hello?"})
    assert response.status_code == 400 and "unsubscribed" in response.get_data(as_text=True)
    assert messages_of(member) == []


@pytest.mark.parametrize("body, error", [("   ", "Write the text"), ("x" * 1601, "at most 1600"),
                                         ("bad\x00byte", "control character")])
def test_bad_reply_gets_a_clear_error(auth_client, make_member, body, error):
    member = make_member(subscribed=True)
    response = auth_client.post(f"/inbox/{member.id}/reply", data={"body": body})
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    assert messages_of(member) == []


def test_unknown_member_is_404(auth_client):
    assert auth_client.get("/inbox/999999").status_code == 404
    assert auth_client.post("/inbox/999999/reply", data={"body": "hi"}).status_code == 404


def test_simulate_is_off_unless_configured(auth_client, make_member):
    member = make_member(subscribed=True)
    assert "Simulate a reply" not in auth_client.get(f"/inbox/{member.id}").get_data(as_text=True)
    assert auth_client.post(f"/inbox/{member.id}/simulate", data={"simulate-body": "STOP"}).status_code == 404
    assert db.session.get(Member, member.id).subscribed is True


@pytest.fixture
def simulating_app():
    app = build_app(INBOX_SIMULATE=True)
    with app.app_context():
        yield app
        _empty_tables()


def test_simulated_reply_goes_through_the_same_routing(simulating_app, make_member, staff):
    client = simulating_app.test_client()
    client.post("/login", data={"email": staff.email, "password": "correct horse battery"})
    member = make_member(subscribed=True)
    assert "Simulate a reply" in client.get(f"/inbox/{member.id}").get_data(as_text=True)
    assert client.post(f"/inbox/{member.id}/simulate", data={"simulate-body": " Stop "}).status_code == 303
    run_jobs(simulating_app)
    assert db.session.get(Member, member.id).subscribed is False
    assert [m.kind for m in messages_of(member, "outbound")] == ["consent"]
    client.post(f"/inbox/{member.id}/simulate", data={"simulate-body": "what time?"})
    run_jobs(simulating_app)
    assert db.session.scalar(db.select(Conversation).filter_by(member_id=member.id)).needs_response is True


def test_inbox_needs_a_login(client):
    assert client.get("/inbox/").status_code == 302


def test_member_page_shows_the_consent_ledger(auth_client, make_member):
    member = make_member(first_name="Ledger", subscribed=True)
    auth_client.post(f"/members/{member.id}/edit", data={"phone": member.phone, "first_name": "Ledger"})
    html = auth_client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Consent history" in html and "Subscribed &rarr; unsubscribed" in html and "Staff edit" in html
