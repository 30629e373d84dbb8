"""Actions tab: actions of synced pages, how each arrived and what it did (member added, or skipped and why)."""
from flask import current_app, request

from webapp.htmx import render
from webapp.store.ak_actions import (OUTCOME_LABELS, SOURCE_LABELS, ActionFilters, action_sort, actions_page,
                                     count_actions, row_details)
from webapp.store.ak_pages import synced_page_choices
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration

COUNT_CAP = 10_000


@bp.get("/actions")
@require_integration
def actions(integration):
    """Search, filter by page and outcome, sort and page (keyset) through stored actions."""
    filters = ActionFilters.from_args(request.args)  # a malformed page id answers 400 with the reason
    sort_text, _ = action_sort(request.args.get("sort"))
    size = current_app.config.get("MEMBERS_PAGE_SIZE", 50)
    rows, next_cursor, prev_cursor = actions_page(integration.id, filters, sort_text, after=request.args.get("after"),
                                                  before=request.args.get("before"), size=size)
    page_names, users = row_details(rows)
    args = dict(filters.as_args(), sort=sort_text)
    return render("integration/actions.html", "integration/_actions_table.html", integration=integration,
                  rows=rows, filters=filters, args=args, page_names=page_names, users=users,
                  total=count_actions(integration.id, filters, COUNT_CAP), count_cap=COUNT_CAP,
                  prev_args=dict(args, before=prev_cursor) if prev_cursor else None,
                  next_args=dict(args, after=next_cursor) if next_cursor else None,
                  page_choices=synced_page_choices(integration.id), outcomes=OUTCOME_LABELS,
                  sources=SOURCE_LABELS)
