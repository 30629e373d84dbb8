"""Flows: the list (edit, duplicate, guarded delete), create and rename dialogs, and the step editor."""
from flask import Blueprint, abort, make_response, redirect, url_for

from webapp.extensions import db
from webapp.forms.flows import KIND_LABELS, FlowNameForm
from webapp.htmx import is_partial, render
from webapp.store import flows as store
from webapp.views.dialogs import deletion_outcome, name_dialog, outcome

bp = Blueprint("flows", __name__)
DIALOG = "flow-dialog"
CHANGED = "flows-changed"


def load_flow(flow_id):
    """The flow in the URL, or 404."""
    flow = store.get_flow(flow_id)
    if flow is None:
        abort(404)
    return flow


def _to_editor(flow):
    """After creating a flow, open its editor (htmx follows HX-Redirect, a plain post a 303)."""
    target = url_for(".edit", flow_id=flow.id)
    if is_partial():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


@bp.get("/")
def index():
    """Every flow with its step count and the automations that start it."""
    return render("flows/index.html", "flows/_table.html", rows=store.list_flows())


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Name a new flow, then edit its steps."""
    form = FlowNameForm()
    if form.validate_on_submit():
        flow = store.create_flow(form.name.data)
        db.session.commit()
        return _to_editor(flow)
    return name_dialog(form, "New flow", url_for(".create"), "Create flow", DIALOG)


@bp.route("/<int:flow_id>/rename", methods=["GET", "POST"])
def rename(flow_id):
    """Rename a flow under the same naming rules."""
    flow = load_flow(flow_id)
    form = FlowNameForm(obj=flow, current=flow)
    if form.validate_on_submit():
        store.rename_flow(flow, form.name.data)
        db.session.commit()
        return _to_editor(flow)
    return name_dialog(form, f"Rename “{flow.name}”", url_for(".rename", flow_id=flow.id), "Rename", DIALOG)


@bp.post("/<int:flow_id>/duplicate")
def duplicate(flow_id):
    """Copy a flow with its steps (no automation starts the copy)."""
    copy = store.duplicate_flow(load_flow(flow_id))
    db.session.commit()
    return outcome(f"Created “{copy.name}”.", True, CHANGED, url_for(".index"))


@bp.post("/<int:flow_id>/delete")
def delete(flow_id):
    """Delete a flow unless an automation (or another flow's answer) uses it, saying which."""
    flow = load_flow(flow_id)
    name = flow.name
    return deletion_outcome(store.delete_flow(flow), f"Can't delete the flow “{name}”.",
                            f"Deleted the flow “{name}”.", CHANGED)


@bp.get("/<int:flow_id>")
def edit(flow_id):
    """The step editor: the flow's steps in order, each editable, movable and removable."""
    flow = load_flow(flow_id)
    return render("flows/edit.html", "flows/_steps.html", flow=flow, kinds=KIND_LABELS,
                  steps=sorted(flow.steps, key=lambda step: step.position),
                  refusal=store.deletion_refusal(flow), runs=store.run_counts(flow))


from webapp.views import flow_steps  # noqa: E402,F401  (registers the step routes on bp)
