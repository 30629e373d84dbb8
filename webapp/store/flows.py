"""Flows and their steps: naming, the list, duplicate, guarded delete, and step order."""
import copy
import re

from sqlalchemy import delete, func, select, update

from webapp.extensions import db
from webapp.flows.merge_tags import message_context, render_message
from webapp.models import AkAction, AkPage, Automation, AutomationFiring, CustomField, Flow, FlowRun, FlowStep
from webapp.store.names import accepted_name, clean_name, common_name_error, find_by_name

NAME_MAX = 200


def custom_tag(field_name):
    """The merge tag of a custom field: its name with spaces and hyphens as underscores."""
    return re.sub(r"[ -]+", "_", field_name)


def custom_tags():
    """{merge tag: CustomField} for every custom field whose name makes a usable tag."""
    fields = db.session.scalars(select(CustomField).order_by(CustomField.id))
    return {custom_tag(field.name): field for field in fields if custom_tag(field.name).isidentifier()}


def context_for(member, action=None):
    """The merge-tag variables for a member and (optionally) the action that started the flow."""
    page = db.session.get(AkPage, action.page_id) if action is not None and action.page_id else None
    by_id = {value.field_id: value.value for value in member.field_values}
    custom = {tag: by_id.get(field.id, "") for tag, field in custom_tags().items()}
    return message_context(member.first_name, member.last_name, custom,
                           (page.title or page.name) if page else "", action.fields if action else None)


def render_for(text, member, action=None):
    """The message as this member would get it; raises TemplateRefused."""
    return render_message(text, context_for(member, action), custom_tags())


def latest_action(member):
    """The member's most recent ActionKit action (what a preview fills {{action.*}} from), or None."""
    return db.session.scalar(select(AkAction).where(AkAction.member_id == member.id)
                             .order_by(AkAction.id.desc()).limit(1))


def list_flows():
    """(flow, step count, names of the automations that start it) rows, by name."""
    flows = list(db.session.scalars(select(Flow).order_by(func.lower(Flow.name))))
    starters = {}
    for automation in db.session.scalars(select(Automation).order_by(Automation.name)):
        starters.setdefault(automation.flow_id, []).append(automation.name)
    return [(flow, len(flow.steps), starters.get(flow.id, [])) for flow in flows]


def get_flow(flow_id):
    """The flow or None."""
    return db.session.get(Flow, flow_id)


def flow_by_name(name):
    """The flow with this name (case-insensitive), or None."""
    return find_by_name(Flow, name)


def name_error(name, current=None):
    """Why `name` can't name a flow, or None."""
    return common_name_error(Flow, name, noun="flow", max_len=NAME_MAX, current=current)


def create_flow(name):
    """A new, empty flow; raises NameRejected for a bad or taken name."""
    flow = Flow(name=accepted_name(name_error, name))
    db.session.add(flow)
    db.session.flush()
    return flow


def rename_flow(flow, name):
    """Rename under the creation rules; raises NameRejected."""
    flow.name = accepted_name(name_error, name, current=flow)
    db.session.flush()


def one_message_flow(name, text):
    """A flow of one message step (the CLI's --message); the caller checked the text's tags."""
    flow = create_flow(name)
    add_step(flow, "message", text, {})
    return flow


def _copy_name(name):
    """“Copy of X”, or “Copy of X (2)” ... when taken, kept within the name limit."""
    base = f"Copy of {clean_name(name)}"[:NAME_MAX - 5]
    candidate, number = base, 2
    while find_by_name(Flow, candidate) is not None:
        candidate, number = f"{base} ({number})", number + 1
    return candidate


def duplicate_flow(flow):
    """A copy of the flow and its steps under a free name; no automation starts the copy."""
    copy_flow = Flow(name=_copy_name(flow.name))
    db.session.add(copy_flow)
    for step in flow.steps:
        copy_flow.steps.append(FlowStep(position=step.position, kind=step.kind, body=step.body,
                                        config=copy.deepcopy(step.config)))
    db.session.flush()
    return copy_flow


def _steps_continuing_with(flow):
    """Question steps of other flows whose answers continue with this flow."""
    steps = db.session.scalars(select(FlowStep).where(FlowStep.kind == "question", FlowStep.flow_id != flow.id))
    return [step for step in steps
            if any(answer.get("flow_id") == flow.id for answer in step.config.get("answers", []))]


def deletion_refusal(flow):
    """Why the flow can't be deleted (naming what uses it), or None."""
    users = db.session.scalars(select(Automation.name).where(Automation.flow_id == flow.id)
                               .order_by(Automation.name)).all()
    if users:
        names = ", ".join(f"“{name}”" for name in users)
        noun = "automation" if len(users) == 1 else "automations"
        return f"The {noun} {names} starts it; change or delete the {noun} first."
    continuing = _steps_continuing_with(flow)
    if continuing:
        return (f"An answer in the flow “{continuing[0].flow.name}” continues with it; "
                "change that question first.")
    return None


def delete_flow(flow):
    """Delete the flow, its steps and its members' places in it, unless refused; returns the refusal."""
    refusal = deletion_refusal(flow)
    if refusal:
        return refusal
    runs = select(FlowRun.id).where(FlowRun.flow_id == flow.id)
    db.session.execute(update(AutomationFiring).where(AutomationFiring.flow_run_id.in_(runs)).values(flow_run_id=None))
    db.session.execute(delete(FlowRun).where(FlowRun.flow_id == flow.id))
    db.session.delete(flow)
    db.session.flush()
    return None


def run_counts(flow):
    """{status: number of members} for the flow's runs, so staff see who is where."""
    return dict(db.session.execute(select(FlowRun.status, func.count()).where(FlowRun.flow_id == flow.id)
                                   .group_by(FlowRun.status)).all())


def get_step(flow, step_id):
    """The step of this flow, or None."""
    step = db.session.get(FlowStep, step_id)
    return step if step is not None and step.flow_id == flow.id else None


def add_step(flow, kind, body, config):
    """Append a step at the end of the flow."""
    step = FlowStep(kind=kind, body=body, config=config, position=len(flow.steps))
    flow.steps.append(step)
    db.session.flush()
    return step


def update_step(step, body, config):
    """Replace the step's text and settings (its kind stays)."""
    step.body, step.config = body, config
    db.session.flush()


def _renumber(flow):
    """Positions 0..n-1 in the current order, so a run's place stays meaningful."""
    for position, step in enumerate(sorted(flow.steps, key=lambda s: s.position)):
        step.position = position


def delete_step(step):
    """Remove a step and close the gap."""
    flow = step.flow
    flow.steps.remove(step)
    _renumber(flow)
    db.session.flush()


def move_step(step, offset):
    """Swap the step with its neighbour (offset -1 up, +1 down); False when it is already at that end."""
    ordered = sorted(step.flow.steps, key=lambda s: s.position)
    index = ordered.index(step)
    target = index + offset
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()
    return True
