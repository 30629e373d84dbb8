"""A text left "sending" by a dead worker: after a grace period the watchdog marks it "unknown — may have been
sent", the Inbox says so, and nothing ever sends it again."""
from datetime import timedelta

import pytest

from jobs.maintenance import watchdog
from jobs.messaging.send import send_message
from jobs.messaging.stuck import SENDING_GRACE, mark_stuck_sends
from tests.messaging.conftest import messages_of
from webapp.extensions import db
from webapp.messaging import providers
from webapp.messaging.conversations import queue_outbound
from webapp.models import Message, utcnow


class WorkerDied(BaseException):
    """What the work horse's death looks like from inside the provider call: nothing after it runs."""


@pytest.fixture
def stuck(make_member, monkeypatch):
    """A queued text whose send job dies inside the provider call, after "sending" was committed."""
    member = make_member(first_name="Ann", subscribed=True)
    message = queue_outbound(member, "Hi Ann")
    db.session.commit()

    def die(self, to, body, message_id):
        raise WorkerDied()
    monkeypatch.setattr(providers.OutboxProvider, "send", die)
    with pytest.raises(WorkerDied):
        send_message(message.id)
    db.session.rollback()
    monkeypatch.undo()
    assert db.session.get(Message, message.id).status == "sending"
    return member, message.id


def test_within_the_grace_a_sending_text_is_left_alone(app, stuck):
    member, message_id = stuck
    assert mark_stuck_sends(now=utcnow() + SENDING_GRACE - timedelta(seconds=30)) == 0
    db.session.expire_all()
    assert db.session.get(Message, message_id).status == "sending"


def test_after_the_grace_it_is_unknown_and_never_resent(app, stuck, auth_client, monkeypatch):
    member, message_id = stuck
    assert mark_stuck_sends(now=utcnow() + SENDING_GRACE + timedelta(seconds=1)) == 1
    db.session.expire_all()
    message = db.session.get(Message, message_id)
    assert message.status == "unknown" and "not sent again" in message.error
    sent = []
    monkeypatch.setattr(providers.OutboxProvider, "send", lambda self, *args: sent.append(args))
    assert send_message(message_id) is None  # a rerun or duplicate of its job sends nothing
    watchdog()
    assert sent == [] and [m.status for m in messages_of(member)] == ["unknown"]
    page = auth_client.get(f"/inbox/{member.id}").get_data(as_text=True)
    assert "unknown — may have been sent" in page


def test_the_periodic_watchdog_marks_it(app, stuck):
    member, message_id = stuck
    db.session.execute(db.update(Message).where(Message.id == message_id)
                       .values(status_at=utcnow() - SENDING_GRACE - timedelta(minutes=1)))
    db.session.commit()
    watchdog()
    db.session.expire_all()
    assert db.session.get(Message, message_id).status == "unknown"
