"""Groups: the counted list, create/rename dialogs, guarded delete, and each group's members and log."""
from flask import Blueprint, abort, current_app, g, request, url_for
from markupsafe import Markup

from webapp.extensions import db
from webapp.forms.groups import AddMemberForm, GroupNameForm
from webapp.htmx import is_partial, render, trigger
from webapp.models import Member
from webapp.security.guards import query_args
from webapp.store import groups as store
from webapp.store.memberships import add_member_to_group, remove_member_from_group
from webapp.views.dialogs import deletion_outcome, name_dialog, outcome, rejected, saved

bp = Blueprint("groups", __name__)
DIALOG = "group-dialog"
CHANGED = "groups-changed"
MEMBERS_CHANGED = "group-members-changed"
NOT_EDITABLE = "Membership of this group follows ActionKit, so it can't be changed by hand here."
ACTIONFIELD_KIND = "actionfield"
ACTIONFIELD_EDIT = "This actionfield group is renamed, edited and deleted on the ActionKit ActionField Groups tab."


def _page_size():
    """Rows per page, shared with the member list so the admin feels uniform."""
    return current_app.config["MEMBERS_PAGE_SIZE"]


def _load(group_id):
    """The group in the URL, or 404."""
    group = store.get_group(group_id)
    if group is None:
        abort(404)
    return group


def _label(member):
    """How messages name a member."""
    return member.full_name or member.phone


@bp.get("/")
def index():
    """All groups with member counts, sortable and paged."""
    args = query_args("sort", "page")
    listing = store.list_groups(args.get("sort", "name"), request.args.get("page", 1, type=int), _page_size())
    return render("groups/index.html", "groups/_table.html", listing=listing, args=args, kinds=store.KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Create a manual group."""
    form = GroupNameForm()
    if form.validate_on_submit():
        group = store.create_group(form.name.data)
        db.session.commit()
        return saved(CHANGED, f"Created group “{group.name}”.", url_for(".index"))
    return name_dialog(form, "New group", url_for(".create"), "Create group", DIALOG)


@bp.route("/<int:group_id>/rename", methods=["GET", "POST"])
def rename(group_id):
    """Rename any group under the same naming rules."""
    group = _load(group_id)
    if group.kind == ACTIONFIELD_KIND:  # its name belongs to its rule, edited on the ActionField Groups tab
        return outcome(ACTIONFIELD_EDIT, False, CHANGED, url_for(".detail", group_id=group.id))
    form = GroupNameForm(obj=group, current=group)
    if form.validate_on_submit():
        store.rename_group(group, form.name.data)
        db.session.commit()
        return saved(CHANGED, f"Renamed group to “{group.name}”.", url_for(".index"))
    return name_dialog(form, f"Rename “{group.name}”", url_for(".rename", group_id=group.id), "Rename", DIALOG)


@bp.post("/<int:group_id>/delete")
def delete(group_id):
    """Delete a group unless it refuses (integration kinds), saying why."""
    group = _load(group_id)
    name, tab = group.name, refusal_tab_link(group)
    refusal = store.delete_group(group)
    if refusal and tab:
        refusal = Markup("{} <a href=\"{}\">Go to the {} tab</a>.").format(refusal, tab[1], tab[0])
    return deletion_outcome(refusal, f"Can't delete group “{name}”.", f"Deleted group “{name}”.", CHANGED)


def refusal_tab_link(group):
    """(label, url) of the tab that lifts this group's refusal, when that tab is part of this app."""
    tab = store.refusal_tab(group)
    if tab is None or tab[1] not in current_app.view_functions:
        return None
    return tab[0], url_for(tab[1])


def _detail_context(group, add_form=None, added=None):
    """Everything the detail page shows: members, change log, add form, deletion status."""
    size = _page_size()
    return dict(group=group, kinds=store.KIND_LABELS, args=query_args("page", "log_page"),
                count=store.member_count(group), refusal=store.deletion_refusal(group),
                refusal_tab=refusal_tab_link(group),
                editable=store.membership_editable(group), add_form=add_form or AddMemberForm(formdata=None),
                added=added,
                members=store.group_members(group, request.args.get("page", 1, type=int), size),
                changes=store.group_changes(group, request.args.get("log_page", 1, type=int), size))


@bp.get("/<int:group_id>")
def detail(group_id):
    """One group: its members, the add form and its change log."""
    return render("groups/detail.html", "groups/_members.html", **_detail_context(_load(group_id)))


@bp.get("/<int:group_id>/members")
def members(group_id):
    """The member table alone (paging, refresh after add/remove)."""
    return render("groups/detail.html", "groups/_members.html", **_detail_context(_load(group_id)))


@bp.get("/<int:group_id>/changes")
def changes(group_id):
    """The change log alone (paging, refresh after add/remove)."""
    return render("groups/detail.html", "groups/_changes.html", **_detail_context(_load(group_id)))


def _find_addable(group, form):
    """The member the form names, or the reason it can't be added."""
    if not store.membership_editable(group):
        return None, NOT_EDITABLE
    if not form.validate():
        return None, " ".join(form.who.errors) or "Enter the member's phone number or email."
    return store.find_member(form.who.data)


@bp.post("/<int:group_id>/members")
def add_member(group_id):
    """Add a member (by phone or email) to the group, logged with the acting staff user."""
    group = _load(group_id)
    form = AddMemberForm()
    member, error = _find_addable(group, form)
    if member is not None and not add_member_to_group(group, member, actor=g.staff.email):
        error = f"{_label(member)} is already in this group."
    if error:
        form.who.errors = [error]
        return rejected("groups/detail.html", "groups/_add_member.html", **_detail_context(group, form))
    db.session.commit()
    message = f"Added {_label(member)} to “{group.name}”."
    if not is_partial():
        return outcome(message, True, MEMBERS_CHANGED, url_for(".detail", group_id=group.id))
    response = render("groups/detail.html", "groups/_add_member.html", **_detail_context(group, added=message))
    return trigger(response, MEMBERS_CHANGED)


@bp.post("/<int:group_id>/members/<int:member_id>/remove")
def remove_member(group_id, member_id):
    """Remove a member from the group, logged with the acting staff user."""
    group = _load(group_id)
    member = db.session.get(Member, member_id) or abort(404)
    back = url_for(".detail", group_id=group.id)
    if not store.membership_editable(group):
        return outcome(NOT_EDITABLE, False, MEMBERS_CHANGED, back)
    removed = remove_member_from_group(group, member, actor=g.staff.email)
    db.session.commit()
    if not removed:
        return outcome(f"{_label(member)} was not in “{group.name}”.", False, MEMBERS_CHANGED, back)
    return outcome(f"Removed {_label(member)} from “{group.name}”.", True, MEMBERS_CHANGED, back)
