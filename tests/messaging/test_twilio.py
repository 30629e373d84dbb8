"""The Twilio provider against a local fake Twilio (real HTTP), signatures on both webhooks, status callbacks."""
import pytest

from tests.conftest import _empty_tables, build_app
from tests.messaging.conftest import ledger, messages_of, run_jobs
from tests.messaging.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, REFUSED_NUMBER, FakeTwilio, twilio_signature
from webapp.extensions import db
from webapp.messaging import queue_outbound
from webapp.models import Member, Message

FROM = "+15005550006"
CALLBACK = "https://kitbridge.example.org/webhooks/sms/status"


@pytest.fixture
def twilio():
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def app(twilio):
    """An app whose provider is Twilio, pointed at the fake."""
    app = build_app(MESSAGING_PROVIDER="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
                    TWILIO_FROM_NUMBER=FROM, TWILIO_API_URL=twilio.url, TWILIO_STATUS_CALLBACK_URL=CALLBACK)
    with app.app_context():
        yield app
        _empty_tables()


def signed_post(client, path, form, token=AUTH_TOKEN):
    url = f"http://localhost{path}"
    return client.post(path, data=form, headers={"X-Twilio-Signature": twilio_signature(url, form, token)})


def test_a_queued_message_goes_out_through_twilio(app, twilio, make_member):
    member = make_member(subscribed=True)
    message = queue_outbound(member, "Meeting at 7")
    db.session.commit()
    run_jobs(app)
    assert twilio.sent == [{"To": member.phone, "From": FROM, "Body": "Meeting at 7", "StatusCallback": CALLBACK}]
    message = db.session.get(Message, message.id)
    assert (message.status, message.provider) == ("sent", "twilio") and message.provider_sid.startswith("SM")


def test_twilio_refusal_is_shown_on_the_message(app, twilio, make_member):
    member = make_member(subscribed=True, phone=REFUSED_NUMBER)
    message = queue_outbound(member, "Hello")
    db.session.commit()
    run_jobs(app)
    message = db.session.get(Message, message.id)
    assert message.status == "failed" and "not a valid phone number" in message.error and "400" in message.error


def test_unreachable_twilio_fails_the_message_with_a_reason(app, twilio, make_member):
    app.config["TWILIO_API_URL"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    member = make_member(subscribed=True)
    message = queue_outbound(member, "Hello")
    db.session.commit()
    run_jobs(app)
    message = db.session.get(Message, message.id)
    assert message.status == "failed" and "could not be reached" in message.error


@pytest.mark.parametrize("headers", [{}, {"X-Twilio-Signature": "bm90IHRoZSByaWdodCBvbmU="}])
def test_inbound_with_a_bad_or_missing_signature_is_403_and_changes_nothing(app, client, make_member, headers):
    member = make_member(subscribed=True)
    form = {"From": member.phone, "To": FROM, "Body": "STOP", "MessageSid": "SMbad"}
    response = client.post("/webhooks/sms/inbound", data=form, headers=headers)
    assert response.status_code == 403 and "X-Twilio-Signature" in response.get_data(as_text=True)
    run_jobs(app)
    assert db.session.get(Member, member.id).subscribed is True
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0 and ledger(member) == []


def test_a_signature_made_with_another_token_or_form_is_refused(app, client, make_member):
    member = make_member(subscribed=True)
    form = {"From": member.phone, "To": FROM, "Body": "STOP"}
    assert signed_post(client, "/webhooks/sms/inbound", form, token="wrong").status_code == 403
    signature = twilio_signature("http://localhost/webhooks/sms/inbound", dict(form, Body="hi"))
    response = client.post("/webhooks/sms/inbound", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_signed_inbound_stop_is_routed(app, client, twilio, make_member):
    member = make_member(subscribed=True)
    form = {"From": member.phone, "To": FROM, "Body": "STOP", "MessageSid": "SMgood"}
    assert signed_post(client, "/webhooks/sms/inbound", form).status_code == 200
    run_jobs(app)
    assert db.session.get(Member, member.id).subscribed is False
    assert [sent["Body"] for sent in twilio.sent] == [app.config["MESSAGING_STOP_REPLY"]]


def test_status_callback_moves_the_status_forward_only_when_signed(app, client, make_member):
    member = make_member(subscribed=True)
    queue_outbound(member, "Hello")
    db.session.commit()
    run_jobs(app)
    [message] = messages_of(member)
    form = {"MessageSid": message.provider_sid, "MessageStatus": "delivered"}
    assert client.post("/webhooks/sms/status", data=form).status_code == 403
    assert db.session.get(Message, message.id).status == "sent"
    assert signed_post(client, "/webhooks/sms/status", form).status_code == 204
    assert db.session.get(Message, message.id).status == "delivered"
    signed_post(client, "/webhooks/sms/status", dict(form, MessageStatus="sent"))  # late: never backwards
    assert db.session.get(Message, message.id).status == "delivered"
