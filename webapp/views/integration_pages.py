"""Pages tab: every fetched ActionKit page (type, title, name, action count, synced), and sync/unsync."""
from flask import abort, current_app, flash, redirect, request, url_for

from jobs.sync.pages import request_page_sync, request_page_unsync
from jobs.sync.page_sync import PageSyncRefused
from webapp.extensions import db
from webapp.forms.integration import ConfirmForm
from webapp.htmx import is_partial, render
from webapp.security.text import parse_page
from webapp.store.ak_pages import PAGE_SORTS, SYNCED_FILTERS, get_page, page_counts, pages_page
from webapp.store.groups import get_group
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration


def _filters():
    """The list's query args, cleaned (unknown values are ignored, never a 500): q, synced, sort, page."""
    synced, sort = request.args.get("synced", ""), request.args.get("sort", "name")[:20]
    return {"q": request.args.get("q", "").strip()[:200],
            "synced": synced if synced in SYNCED_FILTERS else "",
            "sort": sort if sort.lstrip("-") in PAGE_SORTS else "name",
            "page": parse_page(request.args.get("page"))}


@bp.get("/pages")
@require_integration
def pages(integration):
    """Search, filter synced/unsynced, sort and page through the fetched pages."""
    filters = _filters()
    listing = pages_page(integration.id, filters["q"], filters["synced"], filters["sort"], filters["page"],
                         current_app.config.get("MEMBERS_PAGE_SIZE", 50))
    args = {k: v for k, v in filters.items() if v and k != "page"}
    prev_args = dict(args, page=listing.number - 1) if listing.number > 1 else None
    next_args = dict(args, page=listing.number + 1) if listing.number * listing.per_page < listing.total else None
    return render("integration/pages.html", "integration/_pages_table.html", integration=integration,
                  listing=listing, filters=filters, args=args, prev_args=prev_args, next_args=next_args,
                  counts=page_counts(integration.id), group_of=get_group)


def _done(message, category="success"):
    """Flash the outcome; the htmx row menu reloads the page so the row and the message both show."""
    flash(message, category)
    if is_partial():
        return "", 204, {"HX-Refresh": "true"}
    return redirect(url_for("integration.pages", **request.args))


@bp.post("/pages/<int:row_id>/sync")
@require_integration
def page_sync(integration, row_id):
    """Sync a page: its group is created or reused and its past actions are backfilled into it."""
    page = get_page(integration.id, row_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        request_page_sync(page.id)
    except PageSyncRefused as refusal:
        db.session.rollback()
        return _done(f"Page “{page.name}” was not synced: {refusal}", "error")
    db.session.commit()
    group = get_group(page.group_id)
    return _done(f"Page “{page.name}” is synced. Its past actions are being added to the group “{group.name}”; "
                 "new actions join it as they arrive.")


@bp.post("/pages/<int:row_id>/unsync")
@require_integration
def page_unsync(integration, row_id):
    """Stop syncing a page; its group and members stay."""
    page = get_page(integration.id, row_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    request_page_unsync(page.id)
    db.session.commit()
    return _done(f"Page “{page.name}” is no longer synced. Its group and members were kept; "
                 "new actions on it are no longer added.")
