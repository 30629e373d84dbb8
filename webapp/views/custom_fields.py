"""Custom fields: the list with usage, create/rename dialogs, and delete (refused while mapped)."""
from flask import Blueprint, abort, url_for

from webapp.extensions import db
from webapp.forms.fields import FieldNameForm
from webapp.htmx import render
from webapp.store import custom_fields as store
from webapp.views.dialogs import deletion_outcome, name_dialog, saved

bp = Blueprint("custom_fields", __name__)
DIALOG = "field-dialog"
CHANGED = "fields-changed"


def _load(field_id):
    """The field in the URL, or 404."""
    field = store.get_field(field_id)
    if field is None:
        abort(404)
    return field


@bp.get("/")
def index():
    """Every custom field with how many members have a value and its ActionKit mapping."""
    return render("fields/index.html", "fields/_table.html", rows=store.list_fields_with_usage())


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Create a custom text field."""
    form = FieldNameForm()
    if form.validate_on_submit():
        field = store.create_field(form.name.data)
        db.session.commit()
        return saved(CHANGED, f"Created field “{field.name}”.", url_for(".index"))
    return name_dialog(form, "New custom field", url_for(".create"), "Create field", DIALOG)


@bp.route("/<int:field_id>/rename", methods=["GET", "POST"])
def rename(field_id):
    """Rename a field; its values and any ActionKit mapping follow it."""
    field = _load(field_id)
    form = FieldNameForm(obj=field, current=field)
    if form.validate_on_submit():
        store.rename_field(field, form.name.data)
        db.session.commit()
        return saved(CHANGED, f"Renamed field to “{field.name}”.", url_for(".index"))
    return name_dialog(form, f"Rename “{field.name}”", url_for(".rename", field_id=field.id), "Rename", DIALOG)


@bp.post("/<int:field_id>/delete")
def delete(field_id):
    """Delete a field and its values, unless it is mapped to ActionKit."""
    field = _load(field_id)
    name = field.name
    return deletion_outcome(store.delete_field(field), f"Can't delete field “{name}”.",
                            f"Deleted field “{name}” and its values.", CHANGED)
