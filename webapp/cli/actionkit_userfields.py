"""`flask actionkit userfields [--refresh]`: the allowed userfields stored for the opt-in and mapping choices.

The web pages and the other commands read only this stored list; --refresh is the one way to
fetch it from a shell (a live call, fine for a CLI), besides connect and the sync cycle.
"""
import click

from jobs import sync
from jobs.sync.userfields import FETCH_ERRORS
from webapp.cli.actionkit import _integration, _one_line, actionkit, one_line_errors
from webapp.extensions import db


@actionkit.command("userfields")
@one_line_errors
@click.option("--refresh", is_flag=True, help="Fetch the list from ActionKit now and store it.")
def userfields_command(refresh):
    """Print the stored allowed userfields, one a line (with --refresh: fetched from ActionKit first)."""
    integration = _integration()
    if refresh:
        try:
            sync.refresh_userfields_now(integration)
        except FETCH_ERRORS as exc:
            db.session.rollback()
            raise click.ClickException(f"Could not refresh the ActionKit userfields: {_one_line(exc)}") from exc
        db.session.commit()
    fetched = integration.allowed_userfields_fetched_at
    if fetched is None:
        raise click.ClickException("The allowed userfields were never fetched; run with --refresh.")
    names = integration.userfield_names
    click.echo(f"{len(names)} allowed userfield{'' if len(names) == 1 else 's'}, fetched "
               f"{fetched:%Y-%m-%d %H:%M} UTC:", err=True)
    for name in names:
        click.echo(name)

