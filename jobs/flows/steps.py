"""Running a flow: each step kind does its work, then the run moves on, waits, or ends."""
from datetime import timedelta

from jobs import get_job_logger
from jobs.flows.clock import now
from webapp.extensions import db
from webapp.flows.merge_tags import TemplateRefused
from webapp.models import AkAction, FlowRun
from webapp.store.flows import render_for

MAX_DELAY_MINUTES = 7 * 24 * 60
log = get_job_logger(__name__)


def start_run(flow, member, automation_id=None, ak_action_id=None):
    """A member's new place at the first step of the flow; replies now go to it, not to older waiting runs."""
    for older in db.session.scalars(db.select(FlowRun).where(
            FlowRun.member_id == member.id, FlowRun.status == "waiting", FlowRun.waiting_for == "reply")):
        finish(older, "stopped", f"another flow (“{flow.name}”) started")
    run = FlowRun(flow_id=flow.id, member_id=member.id, automation_id=automation_id,
                  ak_action_id=ak_action_id, position=0, status="active", started_at=now())
    db.session.add(run)
    db.session.flush()
    return run


def finish(run, status, reason=""):
    """End the run (done, stopped or needs_response), saying why for staff."""
    run.status, run.waiting_for, run.due_at, run.reason = status, None, None, reason


def current_step(run):
    """The step at the run's position, or None past the end."""
    steps = sorted(run.flow.steps, key=lambda step: step.position)
    return steps[run.position] if run.position < len(steps) else None


def advance(run, member):
    """Do steps until the run waits (reply or delay) or ends."""
    while run.status == "active":
        step = current_step(run)
        if step is None:
            finish(run, "done")
            break
        STEP_HANDLERS[step.kind](run, step, member)
    db.session.flush()


def move_on(run):
    """Go to the next step (an answer was taken or a delay is over)."""
    run.position += 1
    run.status, run.waiting_for, run.due_at, run.invalid_replies = "active", None, None, 0


def send_text(run, member, text):
    """Render and queue one text for the member; False (and the run stopped) when it can't go."""
    from webapp.messaging import queue_outbound
    try:
        action = db.session.get(AkAction, run.ak_action_id) if run.ak_action_id else None
        body = render_for(text, member, action)
    except TemplateRefused as exc:
        log.warning("Flow %s step %s not sent: %s", run.flow_id, run.position, exc)
        finish(run, "stopped", f"step {run.position + 1} could not be filled in: {exc}")
        return False
    message = queue_outbound(member, body, automation_id=run.automation_id, flow_id=run.flow_id,
                             ak_action_id=run.ak_action_id)
    if message is None:
        finish(run, "stopped", "the member is not subscribed")
        return False
    return True


def _message(run, step, member):
    """Send the text and go on."""
    if send_text(run, member, step.body):
        move_on(run)


def _ask(run, step, member):
    """Send the question or request, then wait for the reply."""
    if send_text(run, member, step.body):
        run.status, run.waiting_for = "waiting", "reply"


def _delay(run, step, member):
    """Wait: the due time is stored, and the periodic job continues the run once it has passed."""
    minutes = min(max(int(step.config.get("minutes", 0)), 0), MAX_DELAY_MINUTES)
    run.status, run.waiting_for, run.due_at = "waiting", "delay", now() + timedelta(minutes=minutes)


STEP_HANDLERS = {"message": _message, "collect": _ask, "question": _ask, "delay": _delay}
