"""Delay steps: a due time in the database, continued by the periodic job once the (test) clock passes it."""
from jobs.flows import fire_for_actions, run_due_steps
from jobs.schedule import PERIODIC_JOBS
from tests.flows.conftest import make_automation, make_flow, outbound
from webapp.extensions import db
from webapp.models import FlowRun


def test_a_delay_sends_after_its_time(page, member, action, clock):
    flow = make_flow("Later", ("message", "Thanks!", {}), ("delay", "", {"minutes": 60}),
                     ("message", "An hour later: will you call your senator?", {}))
    make_automation(flow, trigger="page_action", page_id=page.id)
    ann = member()
    fire_for_actions([action(ann)])
    db.session.commit()
    run = db.session.scalar(db.select(FlowRun))
    assert (run.status, run.waiting_for, (run.due_at - clock.now).total_seconds()) == ("waiting", "delay", 3600)
    assert outbound(ann) == ["Thanks!"]
    clock.advance(minutes=59)
    assert run_due_steps() == 0
    assert outbound(ann) == ["Thanks!"]
    clock.advance(minutes=1)
    db.session.expire_all()  # a fresh job would read the row from the database: the delay survives restarts
    assert run_due_steps() == 1
    assert outbound(ann) == ["Thanks!", "An hour later: will you call your senator?"]
    assert db.session.get(FlowRun, run.id).status == "done"
    assert run_due_steps() == 0


def test_delays_are_capped_at_seven_days(page, member, action, clock):
    make_automation(make_flow("Long", ("delay", "", {"minutes": 99999}), ("message", "Hi", {})),
                    trigger="page_action", page_id=page.id)
    fire_for_actions([action(member())])
    run = db.session.scalar(db.select(FlowRun))
    assert (run.due_at - clock.now).days == 7


def test_the_due_steps_job_is_in_the_schedule():
    assert any(job.func == "jobs.flows.run_due_steps" for job in PERIODIC_JOBS)


def test_deleting_a_waiting_member_or_its_automation_leaves_nothing_dangling(page, member, action, clock):
    from webapp.models import AutomationFiring, Member, Message
    from webapp.store.automations import delete_automation
    from webapp.store.members import delete_member
    flow = make_flow("Later", ("message", "Thanks!", {}), ("delay", "", {"minutes": 5}), ("message", "Again", {}))
    automation = make_automation(flow, trigger="page_action", page_id=page.id)
    ann, bob = member(), member()
    fire_for_actions([action(ann), action(bob)])
    db.session.commit()
    delete_member(db.session.get(Member, ann.id), actor="test")
    delete_automation(automation)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(AutomationFiring)) == 0
    assert db.session.scalars(db.select(FlowRun.member_id)).all() == [bob.id]
    assert db.session.scalars(db.select(Message.automation_id)).all() == [None]
    clock.advance(minutes=5)
    assert run_due_steps() == 1
    assert outbound(bob) == ["Thanks!", "Again"]
