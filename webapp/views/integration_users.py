"""Users tab: every scanned ActionKit user with status and reason, its ledger, CSV export, retry."""
import csv
import io

from flask import Response, abort, current_app, flash, redirect, request, stream_with_context, url_for

from jobs import sync
from webapp.extensions import db
from webapp.forms.integration import ConfirmForm
from webapp.htmx import is_partial, render
from webapp.models import USER_STATUSES
from webapp.security.redirects import safe_next
from webapp.security.spreadsheet import spreadsheet_row
from webapp.security.text import parse_page
from webapp.store.integration_users import (STATUS_LABELS, get_ak_user, user_ledger, users_page,
                                            users_query)
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration

CSV_COLUMNS = ("ak_id", "email", "first_name", "last_name", "phone_e164", "phone_type", "opt_in_raw",
               "status", "reason", "member_id", "updated_at")


def _filters():
    """The list's query args, cleaned: q, status, sort, page."""
    status = request.args.get("status", "")
    return {"q": request.args.get("q", "").strip()[:200],
            "status": status if status in USER_STATUSES else "",
            "sort": request.args.get("sort", "ak_id")[:20],
            "page": parse_page(request.args.get("page"))}


def _pager_args(filters, total, per_page):
    """Query dicts for the previous and next pages (None at either end)."""
    base = {k: v for k, v in filters.items() if v and k != "page"}
    page = filters["page"]
    prev_args = dict(base, page=page - 1) if page > 1 else None
    next_args = dict(base, page=page + 1) if page * per_page < total else None
    return prev_args, next_args


@bp.get("/users")
@require_integration
def users(integration):
    """Search, filter by status, sort and page through the scanned users."""
    filters = _filters()
    per_page = current_app.config.get("MEMBERS_PAGE_SIZE", 50)
    rows, total = users_page(integration, filters["q"], filters["status"], filters["sort"],
                             filters["page"], per_page)
    prev_args, next_args = _pager_args(filters, total, per_page)
    args = {k: v for k, v in filters.items() if v and k != "page"}
    return render("integration/users.html", "integration/_users_table.html",
                  integration=integration, rows=rows, total=total, filters=filters, args=args,
                  prev_args=prev_args, next_args=next_args, statuses=STATUS_LABELS)


@bp.get("/users.csv")
@require_integration
def users_csv(integration):
    """The filtered list as CSV, streamed so a large instance does not sit in memory."""
    filters = _filters()
    query = users_query(integration, filters["q"], filters["status"], filters["sort"])

    def generate():
        """Yield the CSV a row at a time through one reused buffer, so memory stays flat."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for user in db.session.scalars(query.execution_options(yield_per=500)):
            writer.writerow(spreadsheet_row(getattr(user, name) for name in CSV_COLUMNS))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
        yield buffer.getvalue()

    headers = {"Content-Disposition": "attachment; filename=actionkit-users.csv"}
    return Response(stream_with_context(generate()), mimetype="text/csv", headers=headers)


@bp.get("/users/<int:row_id>")
@require_integration
def user_detail(integration, row_id):
    """One user's status and the ledger of every change synced for it, both directions."""
    user = get_ak_user(integration, row_id) or abort(404)
    return render("integration/user_detail.html", "integration/_user_ledger.html",
                  integration=integration, user=user, events=user_ledger(user), confirm=ConfirmForm())


@bp.post("/users/<int:row_id>/retry")
@require_integration
def retry_user(integration, row_id):
    """Queue a fresh sync of an errored user."""
    user = get_ak_user(integration, row_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sync.retry_user(user.id)
    db.session.commit()
    if is_partial():  # the row menu's Retry: reload the page so the row and the flash both show
        flash(f"ActionKit user {user.ak_id} was queued for another try.", "success")
        return "", 204, {"HX-Refresh": "true"}
    flash(f"ActionKit user {user.ak_id} was queued for another try.", "success")
    return redirect(safe_next(request.form.get("next"), url_for("integration.user_detail", row_id=user.id)))

