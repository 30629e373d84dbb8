"""Member commands: `flask members export` writes the (filtered) member list as CSV to stdout."""
import click
from flask.cli import AppGroup

from webapp.models import MEMBER_SOURCES
from webapp.security.text import has_control_chars
from webapp.store.member_export import export_csv_chunks
from webapp.store.member_query import MemberFilters
from webapp.store.members import find_group_by_name

members_cli = AppGroup("members", help="Member list tools.")


def filters_for(group_name, source, search):
    """Turn command options into list filters, refusing names that match nothing."""
    for option, value in (("--group", group_name), ("--source", source), ("--search", search)):
        if has_control_chars(value):
            raise click.ClickException(f"{option} contains a control character; remove it.")
    group_id = None
    if group_name is not None:
        group = find_group_by_name(group_name)
        if group is None:
            raise click.ClickException(f"No group is named {group_name!r}.")
        group_id = group.id
    if source is not None and source not in MEMBER_SOURCES:
        raise click.ClickException(f"Unknown source {source!r}; use one of: {', '.join(MEMBER_SOURCES)}.")
    return MemberFilters(q=(search or "").strip(), source=source or "", group_id=group_id)


@members_cli.command("export")
@click.option("--group", "group_name", help="Only members of the group with this exact name.")
@click.option("--source", help=f"Only members from this source ({', '.join(MEMBER_SOURCES)}).")
@click.option("--search", help="Only members matching this text (name, phone digits or email).")
def export(group_name, source, search):
    """Write members as CSV: core fields, groups ("; "-joined), one column per custom field."""
    filters = filters_for(group_name, source, search)
    for chunk in export_csv_chunks(filters):
        click.echo(chunk, nl=False)


def register(app):
    """Add the members command group to the app CLI."""
    app.cli.add_command(members_cli)
