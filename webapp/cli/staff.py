"""Staff account commands."""
import click
from flask.cli import with_appcontext

from webapp.extensions import db
from webapp.models import StaffUser


def create_or_update_admin(email, password):
    """Create the staff user or reset its password; returns the user (caller commits)."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.UsageError(f"'{email}' is not an email address.")
    if len(password) < 8:
        raise click.UsageError("The password must be at least 8 characters.")
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
