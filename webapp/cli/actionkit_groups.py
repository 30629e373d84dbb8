"""`flask actionkit usergroups|usergroup-sync|usergroup-unsync|actionfield-group ...`: integration groups from a shell.

Names are usergroup names and group names; every refusal is one line and a non-zero exit.
"""
import json

import click

from jobs.sync.usergroups import request_usergroup_sync, request_usergroup_unsync, usergroup_sync_refusal
from webapp.cli.actionkit import _integration, actionkit, one_line_errors
from webapp.extensions import db
from webapp.models import AkPage
from webapp.security.text import describe_control_char, has_control_chars
from webapp.store import actionfield_groups as afg
from webapp.store.ak_usergroups import list_usergroups, usergroup_by_name
from webapp.store.names import NameRejected


def _usergroup_dicts(integration):
    """Every stored usergroup as plain data (the --json shape)."""
    return [{"name": row.name, "ak_id": row.ak_id, "synced": row.synced,
             "synced_at": row.synced_at.isoformat() + "Z" if row.synced and row.synced_at else None,
             "members": members if row.group_id else None}
            for row, members in list_usergroups(integration)]


@actionkit.command("usergroups")
@one_line_errors
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def usergroups_command(as_json):
    """List the fetched ActionKit usergroups: name, synced, members in our group."""
    rows = _usergroup_dicts(_integration())
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        flag = f"synced since {row['synced_at'][:16].replace('T', ' ')} UTC" if row["synced"] else "not synced"
        members = "" if row["members"] is None else f", {row['members']} members"
        click.echo(f"{row['name']} (#{row['ak_id']}): {flag}{members}")
    click.echo(f"{len(rows)} usergroup{'' if len(rows) == 1 else 's'}", err=True)


def _plain(name, noun):
    """The name as typed, or a one-line error when it holds a character no stored name can."""
    if has_control_chars(name):
        raise click.ClickException(f"Remove the control character ({describe_control_char(name)}) from the {noun}.")
    return name


def _usergroup(integration, name):
    """The usergroup named so, or a one-line error."""
    row = usergroup_by_name(integration, _plain(name, "usergroup name"))
    if row is None:
        raise click.ClickException(f"No ActionKit usergroup is named “{name}”; `flask actionkit usergroups` lists them.")
    return row


@actionkit.command("usergroup-sync")
@one_line_errors
@click.argument("name")
def usergroup_sync_command(name):
    """Sync a usergroup into a group of the same name; its members are read by a queued job."""
    integration = _integration()
    row = _usergroup(integration, name)
    refusal = usergroup_sync_refusal(integration)
    if refusal:
        raise click.ClickException(f"Can't sync usergroup “{row.name}”. {refusal}")
    group = request_usergroup_sync(row.id)
    db.session.commit()
    click.echo(f"Usergroup “{row.name}” is synced into the group “{group.name}”; its members are being read.")


@actionkit.command("usergroup-unsync")
@one_line_errors
@click.argument("name")
def usergroup_unsync_command(name):
    """Stop syncing a usergroup; its group keeps its members."""
    row = _usergroup(_integration(), name)
    request_usergroup_unsync(row.id)
    db.session.commit()
    click.echo(f"Usergroup “{row.name}” is no longer synced; its group keeps its members.")


@actionkit.group("actionfield-group")
def actionfield_group():
    """Create or delete actionfield groups (members whose actions carry a field)."""


def _page_id(integration, page_name):
    """The synced page's row id for --page (None without it), or a one-line error."""
    if not page_name:
        return None
    page = db.session.scalar(db.select(AkPage).filter_by(integration_id=integration.id,
                                                         name=_plain(page_name, "page name")))
    if page is None or not page.synced:
        raise click.ClickException(f"No synced ActionKit page is named “{page_name}”; sync it on the Pages tab first.")
    return page.id


@actionfield_group.command("create")
@one_line_errors
@click.option("--name", required=True, help="The group's name.")
@click.option("--field", required=True, help="An action field seen on synced pages' actions.")
@click.option("--page", "page_name", help="A synced page's short name (default: any synced page).")
@click.option("--value", help="Only actions whose field contains this text (any case).")
def actionfield_group_create(name, field, page_name, value):
    """Create an actionfield group and fill it from the stored actions."""
    integration = _integration()
    try:
        rule = afg.create_actionfield_group(integration, name, field, _page_id(integration, page_name), value)
    except (NameRejected, afg.ActionFieldGroupError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    count = len(afg.group_member_ids(rule.group_id))
    click.echo(f"Created actionfield group “{rule.name}” with {count} member{'' if count == 1 else 's'}.")


@actionfield_group.command("delete")
@one_line_errors
@click.argument("name")
def actionfield_group_delete(name):
    """Delete an actionfield group (its members stay in the member list)."""
    rule = afg.actionfield_group_by_name(_integration(), _plain(name, "group name"))
    if rule is None:
        raise click.ClickException(f"No actionfield group is named “{name}”.")
    afg.delete_actionfield_group(rule)
    db.session.commit()
    click.echo(f"Deleted actionfield group “{rule.name}”; its members stay in the member list.")
