"""`flask actionkit rotate-webhook`: a new webhook token from a shell; the old address stops working at once."""
import click

from webapp.cli.actionkit import _integration, actionkit, one_line_errors
from webapp.extensions import db
from webapp.store.webhook_token import rotate_webhook_token, webhook_path


@actionkit.command("rotate-webhook")
@one_line_errors
def rotate_webhook_command():
    """Replace the webhook token and print the new path (paste it, after your app's address, into ActionKit)."""
    integration = _integration()
    token = rotate_webhook_token(integration)
    db.session.commit()
    click.echo("The old webhook address stopped working. New path:", err=True)
    click.echo(webhook_path(token))
