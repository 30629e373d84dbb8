"""Staff account commands."""
import re

import click
from flask.cli import with_appcontext

from webapp.extensions import db
from webapp.models import StaffUser
from webapp.security.text import has_control_chars

EMAIL_MAX = 254  # RFC 5321 path limit, and the column's length
# A dot-atom local part (<= 64) and a dotted hostname; local domains such as kitbridge.local are fine.
EMAIL_SHAPE = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                         r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")


def valid_email(email):
    """The trimmed, lower-cased address, or a UsageError (exit code 2) saying what is wrong with it."""
    email = email.strip().lower()
    if has_control_chars(email):
        raise click.UsageError("The email address contains a control character.")
    if len(email) > EMAIL_MAX:
        raise click.UsageError(f"The email address is {len(email)} characters long; the limit is {EMAIL_MAX}.")
    if not EMAIL_SHAPE.fullmatch(email):
        raise click.UsageError(f"{email!r} is not a valid email address (expected something like name@example.org).")
    return email


def create_or_update_admin(email, password):
    """Create the staff user or reset its password; returns the user (caller commits)."""
    email = valid_email(email)
    if len(password) < 8:
        raise click.UsageError("The password must be at least 8 characters.")
    if has_control_chars(password):
        raise click.UsageError("The password contains a control character; choose another.")
    staff = db.session.scalar(db.select(StaffUser).filter_by(email=email))
    if staff is None:
        staff = StaffUser(email=email)
        db.session.add(staff)
    staff.set_password(password)
    staff.failed_logins, staff.locked_until = 0, None
    return staff


@click.command("create-admin")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when absent.")
@with_appcontext
def create_admin(email, password):
    """Create a staff login (or reset its password)."""
    staff = create_or_update_admin(email, password)
    db.session.commit()
    click.echo(f"Staff user {staff.email} is ready.")


def register(app):
    """Add the staff commands to the app CLI."""
    app.cli.add_command(create_admin)
