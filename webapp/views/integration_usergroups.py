"""Usergroups tab: every fetched ActionKit usergroup, its member group, and sync/unsync from the row menu."""
from flask import abort, request, url_for

from jobs.sync.usergroups import request_usergroup_sync, request_usergroup_unsync, usergroup_sync_refusal
from webapp.extensions import db
from webapp.forms.integration import ConfirmForm
from webapp.htmx import render
from webapp.store.ak_usergroups import SORTS, get_usergroup, list_usergroups
from webapp.views.dialogs import outcome
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration

CHANGED = "usergroups-changed"


def _filters():
    """The list's query args, cleaned: q and a known sort."""
    sort = request.args.get("sort", "name")[:20]
    return {"q": request.args.get("q", "").strip()[:200],
            "sort": sort if sort.lstrip("-") in SORTS else "name"}


@bp.get("/usergroups")
@require_integration
def usergroups(integration):
    """Every usergroup with its members in our group and whether it is synced; searchable and sortable."""
    filters = _filters()
    rows = list_usergroups(integration, filters["q"], filters["sort"])
    args = {k: v for k, v in filters.items() if v}
    return render("integration/usergroups.html", "integration/_usergroups_table.html",
                  integration=integration, rows=rows, filters=filters, args=args)


def _load_for_post(integration, row_id):
    """The usergroup in the URL after a CSRF check, or 404/400."""
    row = get_usergroup(integration, row_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return row


@bp.post("/usergroups/<int:row_id>/sync")
@require_integration
def usergroup_sync(integration, row_id):
    """Sync a usergroup: its group is created (or reused) and filled by a queued backfill."""
    row = _load_for_post(integration, row_id)
    back = url_for("integration.usergroups")
    refusal = usergroup_sync_refusal(integration)
    if refusal:
        return outcome(f"Can't sync usergroup “{row.name}”. {refusal}", False, CHANGED, back)
    group = request_usergroup_sync(row.id)
    db.session.commit()
    return outcome(f"Usergroup “{row.name}” is synced into the group “{group.name}”; "
                   "its members are being read from ActionKit.", True, CHANGED, back)


@bp.post("/usergroups/<int:row_id>/unsync")
@require_integration
def usergroup_unsync(integration, row_id):
    """Stop mirroring a usergroup; its group and members stay."""
    row = _load_for_post(integration, row_id)
    request_usergroup_unsync(row.id)
    db.session.commit()
    return outcome(f"Usergroup “{row.name}” is no longer synced; its group keeps its members.",
                   True, CHANGED, url_for("integration.usergroups"))
