"""`flask actionkit pages|page-sync|page-unsync|actions`: the Pages and Actions tabs from a shell.

Pages are named by their ActionKit short name. Every failure (unknown page, nothing connected, sync off)
exits non-zero with a one-line reason.
"""
import json

import click

from jobs.sync.page_sync import PageSyncRefused
from jobs.sync.pages import request_page_sync, request_page_unsync
from webapp.cli.actionkit import _integration, actionkit, one_line_errors
from webapp.extensions import db
from webapp.models import AkAction
from webapp.store.ak_actions import SOURCE_LABELS, ActionFilters, actions_select, row_details
from webapp.store.ak_pages import page_by_name, pages_query
from webapp.store.groups import get_group


def _page(integration, name):
    """The stored page with this short name, or a one-line error saying where names come from."""
    page = page_by_name(name, integration.id)
    if page is None:
        raise click.ClickException(f"No ActionKit page named “{name}” has been fetched; "
                                   "`flask actionkit pages` lists the pages (fetched while Sync Accounts is on).")
    return page


def page_dict(page):
    """One page as --json prints it."""
    group = get_group(page.group_id) if page.group_id else None
    return {"name": page.name, "title": page.title, "type": page.type, "ak_id": page.ak_id,
            "action_count": page.action_count, "synced": page.synced, "group": group.name if group else None}


@actionkit.command("pages")
@one_line_errors
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
def pages_command(as_json):
    """List every fetched page: name, type, title, action count, synced flag and group."""
    integration = _integration()
    pages = [page_dict(p) for p in db.session.scalars(pages_query(integration.id))]
    if as_json:
        click.echo(json.dumps(pages, indent=2))
        return
    if not pages:
        click.echo("No pages fetched yet (they are fetched once Sync Accounts is on and its first scan of users has finished, then every 10 minutes).")
    for page in pages:
        synced = f"synced into “{page['group']}”" if page["synced"] else "not synced"
        click.echo(f"{page['name']}\t{page['type']}\t{page['action_count']} actions\t{synced}\t{page['title']}")


@actionkit.command("page-sync")
@one_line_errors
@click.argument("name")
def page_sync_command(name):
    """Sync a page: its group gets everyone who acted on it (past actions are backfilled by a queued job)."""
    page = _page(_integration(), name)
    try:
        request_page_sync(page.id)
    except PageSyncRefused as refusal:
        db.session.rollback()
        raise click.ClickException(f"Page “{page.name}” was not synced: {refusal}") from refusal
    db.session.commit()
    click.echo(f"Page “{page.name}” is synced into the group “{get_group(page.group_id).name}”; "
               "its past actions are being backfilled.")


@actionkit.command("page-unsync")
@one_line_errors
@click.argument("name")
def page_unsync_command(name):
    """Stop syncing a page; its group and members are kept."""
    page = _page(_integration(), name)
    if not page.synced:
        raise click.ClickException(f"Page “{page.name}” is not synced.")
    request_page_unsync(page.id)
    db.session.commit()
    click.echo(f"Page “{page.name}” is no longer synced; its group and members were kept.")


def action_dict(action, page_names):
    """One action as --json prints it."""
    return {"ak_id": action.ak_id, "page": page_names.get(action.page_id), "ak_user_id": action.ak_user_id,
            "member_id": action.member_id,
            "created_at": action.ak_created_at.isoformat() if action.ak_created_at else None,
            "fields": action.fields or {}, "arrived_by": SOURCE_LABELS.get(action.source, action.source).lower(),
            "backfill": action.backfill, "outcome": action.outcome, "reason": action.reason}


@actionkit.command("actions")
@one_line_errors
@click.option("--page", "page_name", help="Only this page's actions (its short name).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True, help="Newest N actions.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
def actions_command(page_name, limit, as_json):
    """List stored actions of synced pages, newest first, with how each arrived and its outcome."""
    integration = _integration()
    page = _page(integration, page_name) if page_name else None
    query = (actions_select(integration.id, ActionFilters(page_id=page.id if page else None))
             .order_by(AkAction.ak_created_at.desc(), AkAction.id.desc()).limit(limit))
    rows = list(db.session.scalars(query))
    names, _ = row_details(rows)
    actions = [action_dict(row, names) for row in rows]
    if as_json:
        click.echo(json.dumps(actions, indent=2))
        return
    for a in actions:
        reason = f" ({a['reason']})" if a["reason"] else ""
        click.echo(f"{a['created_at']}\t{a['page']}\tuser {a['ak_user_id']}\tmember {a['member_id'] or '-'}\t"
                   f"{a['arrived_by']}\t{a['outcome']}{reason}")
