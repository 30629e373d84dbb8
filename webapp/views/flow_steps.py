"""A flow's steps: add, edit, move, remove, and preview a message with a real member and action."""
from flask import abort, request, url_for

from webapp.extensions import db
from webapp.flows.merge_tags import TemplateRefused, allowed_tags
from webapp.forms.flow_answers import answer_rows, check_answers, rows_for_form
from webapp.forms.flows import KIND_LABELS, StepForm
from webapp.forms.groups import AddMemberForm
from webapp.htmx import is_partial, render
from webapp.models import CustomField, Flow, Group
from webapp.store import flows as store
from webapp.store.groups import find_member
from webapp.views.dialogs import form_response, outcome, saved
from webapp.views.flows import bp, load_flow

STEPS_CHANGED = "flow-steps-changed"


def _choices(flow):
    """What step inputs offer: custom fields, hand-managed groups, the other flows."""
    return dict(fields=list(db.session.scalars(db.select(CustomField).order_by(CustomField.name))),
                groups=list(db.session.scalars(db.select(Group).where(Group.kind == "manual").order_by(Group.name))),
                flows=list(db.session.scalars(db.select(Flow).where(Flow.id != flow.id).order_by(Flow.name))))


def _step_form(flow, kind, step=None):
    """The step form for this kind, prefilled from the step being edited."""
    form = StepForm(kind=kind, tags=list(store.custom_tags()), obj=None, **_choices(flow))
    if step is not None and request.method == "GET":
        _prefill(form, step)
    return form


def _prefill(form, step):
    """Put a saved step's values into the inputs."""
    form.body.data = step.body
    config = step.config or {}
    form.invalid_message.data = config.get("invalid_message", "")
    form.style.data = config.get("style", "yes_no")
    target = config.get("target", "first_name")
    form.target.data = f"custom:{config.get('field_id')}" if target == "custom" else target
    minutes = int(config.get("minutes", 0))
    form.days.data, form.hours.data, form.minutes.data = minutes // 1440, minutes % 1440 // 60, minutes % 60


def _save(flow, kind, step):
    """Validate and save; returns (saved?, form, answer rows, answer errors)."""
    form = _step_form(flow, kind, step)
    if request.method != "POST":
        saved_answers = step.config.get("answers", []) if step else []
        return False, form, rows_for_form(saved_answers, form.style.data or "yes_no"), []
    answers, errors = answer_rows(request.form, form.answer_choices)
    valid = form.validate_on_submit()
    errors = check_answers(answers, errors, form.style.data) if kind == "question" else []
    if not valid or errors:
        return False, form, rows_for_form(answers, form.style.data), errors
    if step is None:
        store.add_step(flow, kind, form.body.data or "", form.config(answers))
    else:
        store.update_step(step, form.body.data or "", form.config(answers))
    db.session.commit()
    return True, form, [], []


def _step_page(flow, kind, step):
    """Show or save the step form (a page of its own: question steps have many inputs)."""
    ok, form, rows, answer_errors = _save(flow, kind, step)
    if ok:
        return saved(STEPS_CHANGED, f"Saved the {KIND_LABELS[kind].lower()} step.", url_for(".edit", flow_id=flow.id))
    title = f"{'Edit' if step else 'Add'} step: {KIND_LABELS[kind]}"
    return form_response("flows/step.html", "flows/step.html", flow=flow, step=step, kind=kind, form=form, title=title,
                         rows=rows, answer_errors=answer_errors, choices=form.answer_choices,
                         tags=allowed_tags(list(store.custom_tags())))


@bp.route("/<int:flow_id>/steps/new/<kind>", methods=["GET", "POST"])
def step_new(flow_id, kind):
    """Add a step of this kind at the end of the flow."""
    flow = load_flow(flow_id)
    if kind not in KIND_LABELS:
        return outcome(f"There is no “{kind[:40]}” step; choose one of the listed kinds.", False, STEPS_CHANGED,
                       url_for(".edit", flow_id=flow.id))
    return _step_page(flow, kind, None)


def _load_step(flow, step_id):
    """The flow's step in the URL, or 404."""
    step = store.get_step(flow, step_id)
    if step is None:
        abort(404)
    return step


@bp.route("/<int:flow_id>/steps/<int:step_id>", methods=["GET", "POST"])
def step_edit(flow_id, step_id):
    """Change a step's text and settings."""
    flow = load_flow(flow_id)
    step = _load_step(flow, step_id)
    return _step_page(flow, step.kind, step)


@bp.post("/<int:flow_id>/steps/<int:step_id>/delete")
def step_delete(flow_id, step_id):
    """Remove a step."""
    flow = load_flow(flow_id)
    store.delete_step(_load_step(flow, step_id))
    db.session.commit()
    return outcome("Removed the step.", True, STEPS_CHANGED, url_for(".edit", flow_id=flow.id))


@bp.post("/<int:flow_id>/steps/<int:step_id>/move/<direction>")
def step_move(flow_id, step_id, direction):
    """Move a step up or down one place."""
    flow = load_flow(flow_id)
    if direction not in ("up", "down"):
        abort(404)
    moved = store.move_step(_load_step(flow, step_id), -1 if direction == "up" else 1)
    db.session.commit()
    message = "Moved the step." if moved else f"The step is already at the {'top' if direction == 'up' else 'bottom'}."
    return outcome(message, moved, STEPS_CHANGED, url_for(".edit", flow_id=flow.id))


@bp.route("/<int:flow_id>/steps/<int:step_id>/preview", methods=["GET", "POST"])
def step_preview(flow_id, step_id):
    """Render the step's text for a real member (by phone or email) and their latest action."""
    flow = load_flow(flow_id)
    step = _load_step(flow, step_id)
    form, text, error = AddMemberForm(), None, None
    if request.method == "POST" and form.validate():
        member, error = find_member(form.who.data)
        if member is not None:
            try:
                text = store.render_for(step.body, member, store.latest_action(member))
            except TemplateRefused as exc:
                error = str(exc)
    if error:
        form.who.errors = [error]
    status = 400 if error and not is_partial() else 200
    return render("flows/preview.html", "flows/_preview.html", status=status, flow=flow, step=step, form=form,
                  text=text)
