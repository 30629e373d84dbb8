"""`flask actionkit status [--json]`: the sync's state at a glance, for a terminal or a script."""
import json

import click

from webapp.cli.actionkit import actionkit, one_line_errors
from webapp.store.integration import get_integration
from webapp.store.sync_status import status_summary


@actionkit.command("status")
@one_line_errors
@click.option("--json", "as_json", is_flag=True, help="Print status_summary() as JSON.")
def status_command(as_json):
    """Print the sync status: users by status, linked members, outbox, pages, actions, groups, last run."""
    summary = status_summary()
    if as_json:
        click.echo(json.dumps(summary, default=str, sort_keys=True))
        return
    for line in readable_status(summary, get_integration()):
        click.echo(line)


def readable_status(summary, integration):
    """The summary as short lines for a terminal."""
    users, outbox, run = summary.get("users") or {}, summary.get("outbox") or {}, summary.get("last_run")
    lines = [f"ActionKit: {integration.hostname if integration else 'not connected'}",
             f"Sync Accounts: {'on' if summary.get('active') else 'off'}",
             f"Users: {users.get('synced', 0)} synced / {users.get('total', 0)} scanned"]
    lines += [f"  {status}: {count}" for status, count in sorted((users.get("by_status") or {}).items())]
    lines.append(f"Linked members: {summary.get('members', 0)}")
    lines.append(f"Outbox: {outbox.get('pending', 0)} pending, {outbox.get('failed', 0)} failed")
    pages = summary.get("pages") or {}
    lines.append(f"Pages: {pages.get('synced', 0)} synced / {pages.get('total', 0)}; "
                 f"actions of synced pages: {summary.get('actions', 0)}")
    groups = sorted((summary.get("groups") or {}).items())
    lines.append("Groups: " + ", ".join(f"{kind} {count}" for kind, count in groups))
    lines.append(f"Webhook path: {summary.get('webhook_path') or 'none until connected'}")
    if run:
        lines.append(f"Last run: {run.get('kind')} #{run.get('id')} {run.get('status')} "
                     f"({run.get('work_done', 0)}/{run.get('work_total', 0)})")
    return lines
