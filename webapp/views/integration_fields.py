"""Fields tab: core mappings made on connect, "+ Add field" for custom fields, a Details dialog per row."""
from flask import abort, url_for

from webapp.extensions import db
from webapp.forms.integration import ConfirmForm, MappingForm, OptionForm
from webapp.htmx import render
from webapp.models import CustomField
from webapp.store.integration import list_mappings
from webapp.store.integration_mappings import (MappingError, add_custom_mapping, get_mapping,
                                               remove_mapping, set_option, unmapped_custom_fields)
from webapp.views.integration import bp
from webapp.views.dialogs import form_response, saved
from webapp.views.integration_common import allowed_userfields, require_integration

CHANGED = "mappings-changed"


def _done(message):
    """After a change htmx closes the dialog and reloads the table; plain forms return to the tab."""
    return saved(CHANGED, message, url_for("integration.fields"))


@bp.get("/fields")
@require_integration
def fields(integration):
    """Every mapping with its option; the table fragment reloads on mappings-changed."""
    return render("integration/fields.html", "integration/_fields_table.html",
                  integration=integration, mappings=list_mappings(integration))


@bp.route("/fields/new", methods=["GET", "POST"])
@require_integration
def add_field(integration):
    """Map a member text custom field to an allowed ActionKit userfield (from the stored list, never live)."""
    userfields, userfields_notice = allowed_userfields(integration)
    form = MappingForm(custom_fields=unmapped_custom_fields(integration), userfields=userfields)
    if form.validate_on_submit():
        try:
            add_custom_mapping(integration, db.session.get(CustomField, form.custom_field.data or 0),
                               form.userfield.data, form.option.data, userfields)
            db.session.commit()
            return _done("Field mapped.")
        except MappingError as exc:
            db.session.rollback()
            form.userfield.errors = [str(exc)]
    return form_response("integration/field_new.html", "integration/_field_new_dialog.html",
                         form=form, userfields_notice=userfields_notice, integration=integration)


@bp.route("/fields/<int:mapping_id>", methods=["GET", "POST"])
@require_integration
def field_detail(integration, mapping_id):
    """Details: change the sync option (and remove, for custom fields)."""
    mapping = get_mapping(integration, mapping_id) or abort(404)
    form = OptionForm(mapping=mapping, data={"option": mapping.option})
    if form.validate_on_submit():
        set_option(mapping, form.option.data)
        db.session.commit()
        return _done("Sync option saved.")
    return form_response("integration/field_detail.html", "integration/_field_detail_dialog.html",
                         form=form, mapping=mapping, confirm=ConfirmForm(), integration=integration)


@bp.post("/fields/<int:mapping_id>/delete")
@require_integration
def remove_field(integration, mapping_id):
    """Stop syncing a custom field (its member values stay)."""
    mapping = get_mapping(integration, mapping_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        remove_mapping(mapping)
    except MappingError as exc:
        abort(400, str(exc))
    db.session.commit()
    return _done("Mapping removed; member values stay as they are.")
