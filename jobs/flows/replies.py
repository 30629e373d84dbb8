"""A member's texted reply to the step their run waits on: collect info, or answer a question."""
from jobs.flows.steps import advance, finish, move_on, send_text, start_run
from webapp.extensions import db
from webapp.flows.answers import default_invalid_message, match_answer
from webapp.forms.collect import check_collected
from webapp.models import CustomField, Flow, Group
from webapp.store.members import update_member
from webapp.store.memberships import add_member_to_group

SECOND_INVALID = "a second invalid reply: the conversation needs a person"


def take_reply(run, step, member, text):
    """Handle the reply; False when a second invalid reply leaves it for staff (the inbox's needs response)."""
    if step.kind == "collect":
        return _collect(run, step, member, text)
    return _answer(run, step, member, text)


def _invalid(run, member, explanation, prompt):
    """First invalid reply: say what's wrong and ask again; the second: stop and hand over to staff."""
    if run.invalid_replies >= 1:
        finish(run, "needs_response", SECOND_INVALID)
        db.session.flush()
        return False
    run.invalid_replies += 1
    send_text(run, member, f"{explanation} {prompt}".strip())
    db.session.flush()
    return True


def _collect(run, step, member, text):
    """Save a valid reply to the member (as the member form would), else re-ask once."""
    target, field_id = step.config.get("target", "first_name"), step.config.get("field_id")
    if target == "custom" and db.session.get(CustomField, field_id) is None:
        finish(run, "needs_response", "the custom field this step saved into was deleted")
        return False
    checked = check_collected(target, text, field_id)
    if checked.error:
        explanation = step.config.get("invalid_message") or checked.error
        return _invalid(run, member, _escape(explanation), step.body)
    update_member(member, checked.values, checked.custom, actor=f"flow {run.flow_id}", source="flow")
    move_on(run)
    advance(run, member)
    return True


def _answer(run, step, member, text):
    """Apply the chosen answer (field, group, next flow), else the question's validation message."""
    answers = step.config.get("answers", [])
    index = match_answer(answers, text, step.config.get("style", "choice"))
    if index is None:
        explanation = step.config.get("invalid_message") or default_invalid_message(answers)
        return _invalid(run, member, _escape(explanation), "")
    answer = answers[index]
    _apply_answer(run, member, answer)
    next_flow = db.session.get(Flow, answer["flow_id"]) if answer.get("flow_id") else None
    if next_flow is not None:
        finish(run, "done", f"continued with “{next_flow.name}”")
        advance(start_run(next_flow, member, run.automation_id, run.ak_action_id), member)
    else:
        move_on(run)
        advance(run, member)
    return True


def _apply_answer(run, member, answer):
    """What the answer does to the member: set a custom field, join a group."""
    if answer.get("field_id") and db.session.get(CustomField, answer["field_id"]) is not None:
        update_member(member, {}, {int(answer["field_id"]): answer.get("value", "")},
                      actor=f"flow {run.flow_id}", source="flow")
    group = db.session.get(Group, answer["group_id"]) if answer.get("group_id") else None
    if group is not None:
        add_member_to_group(group, member, actor=f"Flow “{run.flow.name}”")


def _escape(text):
    """Staff-written validation text is sent as it is, never read as merge tags."""
    return "{% raw %}" + text.replace("{% endraw %}", "") + "{% endraw %}"
