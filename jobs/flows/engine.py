"""Automations fire here: on processed ActionKit actions, on inbound texts, and STOP ends runs."""
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from jobs import get_job_logger
from jobs.flows.replies import take_reply
from jobs.flows.steps import advance, current_step, finish, start_run
from webapp.extensions import db
from webapp.models import AkAction, AutomationFiring, FlowRun, Member, Message, utcnow
from webapp.rules.actionfields import action_matches
from webapp.store import automations as store

log = get_job_logger(__name__)
RUNNING = ("active", "waiting")


def _action_rows(rows):
    """Accept AkAction rows or their ids."""
    return [row if isinstance(row, AkAction) else db.session.get(AkAction, row) for row in rows]


def fire_for_actions(rows):
    """Start the matching automations' flows for new, processed, non-backfill actions; returns runs started."""
    started = 0
    for action in _action_rows(rows):
        if action is None or not action.fires_automations or action.backfill or action.member_id is None:
            continue
        member = db.session.get(Member, action.member_id)
        if member is None or not member.subscribed or action.page_id is None:
            continue
        for automation in store.enabled_for_page(action.page_id):
            if _field_matches(automation, action) and _audience_matches(automation, _new_at_action(member, action)):
                started += _fire_once(automation, member, action)
    return started


def _field_matches(automation, action):
    """No field condition, or the action carries the field (containing the automation's value): rules.actionfields."""
    return not automation.field or action_matches(action.fields, automation.field, automation.value)


def _audience_matches(automation, is_new):
    """New = no member had that phone before this action or text; existing = one did."""
    if automation.audience == "any":
        return True
    return is_new if automation.audience == "new" else not is_new


def _new_at_action(member, action):
    """The member was created by (or after) storing this action: nobody had the phone before it."""
    return member.created_at is not None and action.created_at is not None and member.created_at >= action.created_at


def _claim_firing(automation, member, action):
    """Insert the firing row unless it exists (ON CONFLICT DO NOTHING): its id, or None when already fired.

    No savepoint rollback is involved, so sends queued earlier in the caller's transaction stay queued."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (insert(AutomationFiring)
                 .values(automation_id=automation.id, ak_action_id=action.id, member_id=member.id, created_at=utcnow())
                 .on_conflict_do_nothing(index_elements=["automation_id", "ak_action_id"])
                 .returning(AutomationFiring.id))
    return db.session.execute(statement).scalar()


def _fire_once(automation, member, action):
    """Claim the (automation, action) firing, then start the flow; 0 when it already fired."""
    firing_id = _claim_firing(automation, member, action)
    if firing_id is None:
        log.info("Automation %s already fired for action %s.", automation.id, action.id)
        return 0
    run = _start(automation, member, action.id)
    db.session.execute(update(AutomationFiring).where(AutomationFiring.id == firing_id).values(flow_run_id=run.id))
    return 1


def _start(automation, member, ak_action_id=None):
    """Count the run and do its first steps."""
    store.record_run(automation)
    run = start_run(automation.flow, member, automation.id, ak_action_id)
    advance(run, member)
    return run


def _waiting_run(member_id):
    """The member's run waiting for a reply (the newest, if several), locked: of two replies, one waits."""
    return db.session.scalar(select(FlowRun).where(
        FlowRun.member_id == member_id, FlowRun.status == "waiting", FlowRun.waiting_for == "reply")
        .order_by(FlowRun.id.desc()).limit(1).with_for_update(of=FlowRun))


def handle_inbound(message_id):
    """Route an inbound text: a running flow's answer, a keyword, else the default; True when consumed."""
    message = db.session.get(Message, message_id)
    if message is None or message.direction != "inbound":
        return False
    member = db.session.get(Member, message.member_id)
    run = _waiting_run(member.id)
    if run is not None:
        return take_reply(run, current_step(run), member, message.body)
    if not member.subscribed:
        return False
    automation = store.enabled_for_keyword(message.body) or store.enabled_default()
    if automation is None or not _audience_matches(automation, _new_by_text(member, message)):
        return False
    _start(automation, member)
    db.session.flush()
    return True


def _new_by_text(member, message):
    """The text created the member: an SMS-sourced member with no earlier message."""
    earlier = db.session.scalar(select(Message.id).where(
        Message.member_id == member.id, Message.id < message.id).limit(1))
    return member.source == "sms" and earlier is None


def stop_flows(member_id, reason="the member texted STOP"):
    """End every running flow of the member (nothing more is sent); returns how many were running."""
    runs = db.session.scalars(select(FlowRun).where(FlowRun.member_id == member_id, FlowRun.status.in_(RUNNING)))
    count = 0
    for run in runs:
        finish(run, "stopped", reason)
        count += 1
    db.session.flush()
    return count
