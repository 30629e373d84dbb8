"""ActionField Groups tab: the only place actionfield groups are created, edited and deleted."""
from flask import abort, url_for

from webapp.extensions import db
from webapp.forms.actionfield_groups import ActionFieldGroupForm
from webapp.forms.integration import ConfirmForm
from webapp.htmx import render
from webapp.store import actionfield_groups as store
from webapp.store.names import NameRejected
from webapp.views.dialogs import form_response, outcome, saved
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration

CHANGED = "actionfield-groups-changed"


@bp.get("/actionfield-groups")
@require_integration
def actionfield_groups(integration):
    """Every actionfield group with its rule and member count; reloads on actionfield-groups-changed."""
    return render("integration/actionfield_groups.html", "integration/_actionfield_groups_table.html",
                  integration=integration, rows=store.list_actionfield_groups(integration),
                  confirm=ConfirmForm())


def _form(integration, rule=None):
    """The dialog's form with the synced pages and seen field names (a rule's own field stays offered)."""
    names = store.seen_field_names(integration)
    if rule is not None and rule.field not in names:
        names = sorted([*names, rule.field], key=str.casefold)
    data = None if rule is None else {"name": rule.name, "page": str(rule.page_id or ""),
                                      "field": rule.field, "value": rule.value or ""}
    return ActionFieldGroupForm(pages=store.synced_pages(integration), field_names=names, data=data)


def _save(integration, form, rule):
    """Create or update from a submitted form; returns the rule, or None with the error on its input."""
    values = (form.name.data, form.field.data, form.page_id(), form.value.data)
    try:
        if rule is None:
            return store.create_actionfield_group(integration, *values)
        store.update_actionfield_group(integration, rule, *values)
        return rule
    except NameRejected as exc:
        form.name.errors = [str(exc)]
    except store.ActionFieldGroupError as exc:
        getattr(form, exc.about).errors = [str(exc)]
    db.session.rollback()
    return None


def _dialog(integration, form, rule=None):
    """The create/edit dialog (a page without htmx); errors re-render it."""
    return form_response("integration/actionfield_group_form.html", "integration/_actionfield_group_dialog.html",
                         integration=integration, form=form, rule=rule)


@bp.route("/actionfield-groups/new", methods=["GET", "POST"])
@require_integration
def actionfield_group_new(integration):
    """+ Add group: the rule and its member group, filled from the stored actions."""
    form = _form(integration)
    if form.validate_on_submit() and (rule := _save(integration, form, None)) is not None:
        db.session.commit()
        return saved(CHANGED, f"Created actionfield group “{rule.name}”.", url_for(".actionfield_groups"))
    return _dialog(integration, form)


@bp.route("/actionfield-groups/<int:rule_id>/edit", methods=["GET", "POST"])
@require_integration
def actionfield_group_edit(integration, rule_id):
    """Edit the name or rule; members are recomputed (joins and leaves logged)."""
    rule = store.get_actionfield_group(integration, rule_id) or abort(404)
    form = _form(integration, rule)
    if form.validate_on_submit() and _save(integration, form, rule) is not None:
        db.session.commit()
        return saved(CHANGED, f"Saved actionfield group “{rule.name}”.", url_for(".actionfield_groups"))
    return _dialog(integration, form, rule)


@bp.post("/actionfield-groups/<int:rule_id>/delete")
@require_integration
def actionfield_group_delete(integration, rule_id):
    """Delete the rule and its group; the members themselves stay."""
    rule = store.get_actionfield_group(integration, rule_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = rule.name
    store.delete_actionfield_group(rule)
    db.session.commit()
    return outcome(f"Deleted actionfield group “{name}”; its members stay in the member list.", True, CHANGED,
                   url_for(".actionfield_groups"))
