"""queue_outbound: stored in the member's conversation, sent once by a job after commit, never to the unsubscribed."""
from tests.messaging.conftest import Conversation, Message, count, messages_of, queued_job_names, run_jobs
from webapp.extensions import db
from webapp.messaging import queue_outbound


def test_subscribed_member_gets_a_queued_message_sent_by_the_job(app, make_member):
    member = make_member(first_name="Ada", subscribed=True)
    message = queue_outbound(member, "Thanks for acting, Ada!")
    assert message.status == "queued" and message.direction == "outbound" and message.phone == member.phone
    assert queued_job_names() == []  # nothing leaves before the caller commits
    db.session.commit()
    assert queued_job_names() == ["jobs.messaging.send.send_message"]
    run_jobs(app)
    sent = db.session.get(Message, message.id)
    assert (sent.status, sent.provider, sent.error) == ("sent", "outbox", None)
    conversation = db.session.get(Conversation, sent.conversation_id)
    assert conversation.member_id == member.id and conversation.last_message_preview == "Thanks for acting, Ada!"
    run_jobs(app)
    assert len(messages_of(member)) == 1


def test_unsubscribed_member_gets_nothing_stored(app, make_member):
    member = make_member(subscribed=False)
    assert queue_outbound(member, "Hello") is None
    db.session.commit()
    assert count(Message) == 0 and count(Conversation) == 0 and queued_job_names() == []


def test_rollback_drops_the_send(app, make_member):
    member = make_member(subscribed=True)
    queue_outbound(member, "Hello")
    db.session.rollback()
    assert count(Message) == 0 and queued_job_names() == []


def test_member_who_unsubscribes_before_the_send_is_not_texted(app, make_member):
    member = make_member(subscribed=True)
    message = queue_outbound(member, "Hello", automation_id=None, flow_id=7)
    db.session.commit()
    member.subscribed = False
    db.session.commit()
    run_jobs(app)
    message = db.session.get(Message, message.id)
    assert message.status == "failed" and "unsubscribed" in message.error and message.flow_id == 7


def test_one_conversation_per_member(app, make_member):
    member = make_member(subscribed=True)
    first, second = queue_outbound(member, "One"), queue_outbound(member, "Two")
    db.session.commit()
    assert first.conversation_id == second.conversation_id and count(Conversation) == 1
