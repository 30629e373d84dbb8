"""Automations: the list with run counts, the create/edit form, enable/disable and delete."""
from flask import Blueprint, abort, url_for

from webapp.extensions import db
from webapp.forms.automations import AutomationForm
from webapp.htmx import render
from webapp.models import Automation
from webapp.store import automations as store
from webapp.store.flows import list_flows
from webapp.views.dialogs import form_response, outcome, saved

bp = Blueprint("automations", __name__)
CHANGED = "automations-changed"


def _load(automation_id):
    """The automation in the URL, or 404."""
    automation = store.get_automation(automation_id)
    if automation is None:
        abort(404)
    return automation


def _labels():
    """Words the templates show for stored codes."""
    return dict(triggers=store.TRIGGER_LABELS, audiences=store.AUDIENCE_LABELS)


@bp.get("/")
def index():
    """Every automation: what triggers it, who it is for, the flow it starts, runs and last run."""
    return render("automations/index.html", "automations/_table.html", automations=store.list_automations(),
                  **_labels())


def _form(automation=None):
    """The form with synced pages and flows to choose from."""
    flows = [flow for flow, _, _ in list_flows()]
    return AutomationForm(obj=automation, current=automation, pages=store.synced_pages(), flows=flows)


def _edit_page(automation):
    """Show or save the form (a page of its own: which inputs count depends on the trigger)."""
    form = _form(automation)
    if form.validate_on_submit():
        saved_row = store.save_automation(automation or Automation(), **form.values())
        db.session.commit()
        verb = "Saved" if automation else "Created"
        return saved(CHANGED, f"{verb} the automation “{saved_row.name}”.", url_for(".index"))
    title = f"Edit “{automation.name}”" if automation else "New automation"
    return form_response("automations/form.html", "automations/form.html", form=form, title=title,
                         automation=automation, no_pages=not store.synced_pages())


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Create an automation."""
    return _edit_page(None)


@bp.route("/<int:automation_id>", methods=["GET", "POST"])
def edit(automation_id):
    """Change an automation."""
    return _edit_page(_load(automation_id))


@bp.post("/<int:automation_id>/toggle")
def toggle(automation_id):
    """Enable or disable an automation."""
    automation = _load(automation_id)
    automation.enabled = not automation.enabled
    db.session.commit()
    state = "enabled" if automation.enabled else "disabled"
    return outcome(f"The automation “{automation.name}” is {state}.", True, CHANGED, url_for(".index"))


@bp.post("/<int:automation_id>/delete")
def delete(automation_id):
    """Delete an automation (its flow and the texts it sent stay)."""
    automation = _load(automation_id)
    name = automation.name
    store.delete_automation(automation)
    db.session.commit()
    return outcome(f"Deleted the automation “{name}”.", True, CHANGED, url_for(".index"))
