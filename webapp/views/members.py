"""Members area: the searchable list, CSV export, create/edit dialogs, detail, delete, add to group."""
from flask import Blueprint, Response, current_app, g, request, stream_with_context, url_for

from webapp.extensions import db
from webapp.forms.members import AddToGroupForm, member_form
from webapp.htmx import render
from webapp.models import MEMBER_SOURCES
from webapp.security.guards import query_args
from webapp.store import groups as group_store
from webapp.store import members as store
from webapp.store.member_export import export_csv_chunks
from webapp.store.member_filters import group_filter_options, read_filters, strict_filters
from webapp.store.member_query import SortOrder, count_cap, count_capped, list_args, members_page
from webapp.store.consent import CONSENT_LABELS, ledger_of
from webapp.store.memberships import add_member_to_group
from webapp.views.dialogs import form_response, outcome, saved

bp = Blueprint("members", __name__)
LIST_ARGS = ("q", "source", "group", "sort", "after", "before")
SOURCE_LABELS = {"manual": "Manual", "import": "Import", "actionkit": "ActionKit", "sms": "SMS"}


@bp.app_context_processor
def member_labels():
    """Source labels for every members template."""
    return {"source_labels": SOURCE_LABELS}


@bp.get("/")
def index():
    """The member list; htmx searches, sorts and pages get just the table."""
    (filters, notices), sort = read_filters(request.args), SortOrder.parse(request.args.get("sort"))
    size = current_app.config["MEMBERS_PAGE_SIZE"]
    page = members_page(filters, sort, after=request.args.get("after"), before=request.args.get("before"),
                        size=size)
    base = list_args(filters, sort)
    return render("members/index.html", "members/_table.html",
                  filters=filters, notices=notices, sort=sort, listing=page, args=base,
                  total=count_capped(filters, page, size), count_cap=count_cap(filters),
                  prev_args=dict(base, before=page.prev_cursor) if page.prev_cursor else None,
                  next_args=dict(base, after=page.next_cursor) if page.next_cursor else None,
                  self_url=url_for("members.index", **query_args(*LIST_ARGS)),
                  groups=group_filter_options(), sources=MEMBER_SOURCES)


@bp.get("/export.csv")
def export_csv():
    """Stream every member matching the current filters as CSV (a filter it can't use is a 400, not ignored)."""
    filters = strict_filters(request.args)
    return Response(stream_with_context(export_csv_chunks(filters)), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=members.csv"})


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Add a member: a dialog for htmx, a page without JS."""
    form = member_form(store.custom_fields())
    if form.validate_on_submit():
        member = store.create_member(dict(form.member_values(), source="manual"), form.custom_values(),
                                     actor=g.staff.email)
        db.session.commit()
        return saved("member-updated", f"Added {member.full_name or member.phone}.",
                     url_for("members.detail", member_id=member.id))
    return _member_form(form, None, "Add member", url_for("members.create"))


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
def edit(member_id):
    """Edit a member; nothing is saved unless every field is valid."""
    member = store.get_member_or_404(member_id)
    form = member_form(store.custom_fields(), member)
    if form.validate_on_submit():
        store.update_member(member, form.member_values(), form.custom_values(), actor=g.staff.email)
        db.session.commit()
        return saved("member-updated", f"Saved {member.full_name or member.phone}.",
                     url_for("members.detail", member_id=member.id))
    return _member_form(form, member, f"Edit {member.full_name or member.phone}",
                        url_for("members.edit", member_id=member.id))


def _member_form(form, member, title, action):
    """Show the form, first dropping whatever a rejected POST left half-applied in the session."""
    context = dict(form=form, member=member, title=title, action=action)
    if request.method == "POST":
        db.session.rollback()
    return form_response("members/edit.html", "members/_edit_dialog.html", **context)


@bp.get("/<int:member_id>")
def detail(member_id):
    """Everything about one member: fields, custom fields, groups and recent texts."""
    member = store.get_member_or_404(member_id)
    return render("members/detail.html", "members/detail.html", member=member,
                  fields=store.custom_fields(), values=store.custom_values_of(member),
                  groups=store.member_groups(member), messages=store.recent_messages(member),
                  consent=ledger_of(member.id), consent_labels=CONSENT_LABELS)


@bp.route("/<int:member_id>/delete", methods=["POST", "DELETE"])
def delete(member_id):
    """Delete a member (the list refreshes through member-updated)."""
    member = store.get_member_or_404(member_id)
    label = member.full_name or member.phone
    store.delete_member(member, actor=g.staff.email)
    db.session.commit()
    return outcome(f"Deleted {label}.", True, "member-updated", url_for("members.index"))


@bp.route("/<int:member_id>/groups", methods=["GET", "POST"])
def add_to_group(member_id):
    """Add the member to a group by hand, logged in the group's change log."""
    member = store.get_member_or_404(member_id)
    form = AddToGroupForm(groups=store.joinable_groups(member))
    if form.validate_on_submit():
        group = group_store.get_group(form.group_id.data)
        add_member_to_group(group, member, actor=g.staff.email)
        db.session.commit()
        return saved("member-updated", f"Added to {group.name}.", url_for("members.detail", member_id=member.id))
    context = dict(form=form, member=member, action=url_for("members.add_to_group", member_id=member.id))
    return form_response("members/add_to_group.html", "members/_group_dialog.html", **context)
