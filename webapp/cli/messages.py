"""`flask messages list [--json]`: the message log for operators and scripts (what went out, what came in)."""
import json

import click
from flask.cli import AppGroup

from webapp.extensions import db
from webapp.models import Message
from webapp.store.inbox import cause_names

messages_cli = AppGroup("messages", help="Texts sent and received.")


def message_rows(direction=None, limit=None):
    """Messages as plain dicts, oldest first (the most recent `limit` when given)."""
    query = db.select(Message)
    if direction:
        query = query.where(Message.direction == direction)
    if limit:
        newest = query.order_by(Message.id.desc()).limit(limit).subquery()
        query = db.select(Message).join(newest, newest.c.id == Message.id)
    messages = list(db.session.scalars(query.order_by(Message.id)))
    names = cause_names(messages)
    return [_row(message, *names[message.id]) for message in messages]


def _row(message, flow, automation):
    """The fields scripts rely on: id, to (E.164), body, direction, status, flow, automation, created_at."""
    return {"id": message.id, "to": message.phone, "body": message.body, "direction": message.direction,
            "status": message.status, "flow": flow, "automation": automation,
            "created_at": message.created_at.isoformat() + "Z"}


@messages_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of message objects.")
@click.option("--direction", type=click.Choice(["outbound", "inbound"]), help="Only one direction.")
@click.option("--limit", type=click.IntRange(1, 100_000), help="Only the most recent N messages.")
def list_command(as_json, direction, limit):
    """List messages oldest first: "to" is the member's number (the sender's, for inbound texts)."""
    rows = message_rows(direction, limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("No messages.")
    for row in rows:
        cause = " / ".join(filter(None, (row["flow"], row["automation"]))) or "-"
        click.echo(f"#{row['id']} {row['created_at']} {row['direction']:<8} {row['to']} {row['status']:<11} "
                   f"[{cause}] {json.dumps(row['body'], ensure_ascii=False)}")


def register(app):
    """Add the messages command group to the app CLI."""
    app.cli.add_command(messages_cli)
