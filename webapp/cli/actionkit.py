"""`flask actionkit ...`: connect, configure, map, activate, sync, deactivate and inspect from a shell.

Every failure is a click.ClickException: a one-line reason and a non-zero exit, so scripts and
Heroku one-off dynos can rely on the exit status. Settings and mappings are validated by the same
store functions the web forms call.
"""
import functools
import time

import click
from flask import current_app
from flask.cli import AppGroup

from jobs import sync
from jobs.sync.connect import ConfirmSwitch
from jobs.sync.jobqueue import activation_job_id
from webapp.store.sync_status import run_progress
from webapp.extensions import db
from webapp.queues import get_queue
from webapp.store.integration import get_integration
from webapp.store.integration_mappings import MappingError, map_field
from webapp.store.integration_settings import SettingsError, apply_settings, phone_types_in_effect

actionkit = AppGroup("actionkit", help="Operate the ActionKit integration.")


def _integration():
    """The connected integration, or a one-line error."""
    integration = get_integration()
    if integration is None:
        raise click.ClickException("No ActionKit instance is connected; run `flask actionkit connect` first.")
    return integration


def _userfields(integration):
    """The stored allowed userfields (never a live call), or a one-line error when none are stored."""
    if not integration.userfield_names:
        raise click.ClickException("No allowed userfields are stored; run `flask actionkit userfields --refresh`.")
    return integration.userfield_names


def _one_line(exc):
    """An exception's message squeezed onto one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def one_line_errors(command):
    """Turn any failure (Redis down, database error, failed run) into a one-line, non-zero exit.

    With FLASK_DEBUG the traceback is kept, for whoever is fixing the bug."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        """Run the command; on failure roll back and exit with one line unless debugging."""
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except Exception as exc:  # noqa: BLE001 — operators get one line, not a traceback
            if current_app.debug:
                raise
            db.session.rollback()
            raise click.ClickException(f"{type(exc).__name__}: {_one_line(exc)}") from exc
    return wrapper


@actionkit.command("connect")
@one_line_errors
@click.option("--hostname", required=True, help="https://yourgroup.actionkit.com")
@click.option("--username", required=True, help="ActionKit staff username with API access.")
@click.option("--password", prompt=True, hide_input=True, help="Prompted for when absent.")
@click.option("--yes", is_flag=True, help="Confirm clearing the old instance's sync state when switching instances.")
def connect_command(hostname, username, password, yes):
    """Verify the credentials with a live call, then store them (password encrypted).

    Switching to another instance clears the old one's sync state (members and groups are kept);
    without --yes the command lists what would be cleared and exits non-zero."""
    try:
        integration = sync.connect_instance(hostname, username, password, confirm_switch=yes)
        db.session.commit()
    except ConfirmSwitch as exc:
        db.session.rollback()
        click.echo(f"{exc.new_hostname} is a different ActionKit instance than {exc.old_hostname}. "
                   "Connecting it clears:", err=True)
        for line in exc.lines:
            click.echo(f"  - {line}", err=True)
        click.echo("Members, groups and their data are kept.", err=True)
        raise click.ClickException("Nothing changed; run again with --yes to clear it and connect.") from exc
    except sync.ConnectError as exc:
        db.session.rollback()
        raise click.ClickException(_one_line(exc)) from exc
    click.echo(f"Connected to {integration.hostname} as {integration.username}.")


@actionkit.command("settings")
@one_line_errors
@click.option("--opt-in-field", help="The ActionKit userfield that holds the opt-in value.")
@click.option("--phone-types", help="Phone types in preference order, e.g. mobile,work,home; "
              "\"\" for none chosen (then mobile, work, home apply).")
@click.option("--create-users", type=click.Choice(["on", "off"]), help="Create users in ActionKit.")
def settings_command(opt_in_field, phone_types, create_users):
    """Change settings (unchanged when an option is left out) and print them."""
    integration = _integration()
    allowed = _userfields(integration) if opt_in_field is not None else ()
    try:
        apply_settings(integration, allowed, opt_in_field=opt_in_field, phone_types=phone_types,
                       create_users=create_users)
    except SettingsError as exc:
        raise click.ClickException(_one_line(exc)) from exc
    db.session.commit()
    click.echo(f"opt-in field: {integration.opt_in_field or '(not set)'}")
    click.echo(f"phone types: {phone_types_in_effect(integration.phone_type_list, ',')}")
    click.echo(f"create users: {'on' if integration.create_users else 'off'}")


@actionkit.command("map")
@one_line_errors
@click.argument("member_field")
@click.option("--userfield", help="ActionKit userfield (custom fields only).")
@click.option("--option", "option", required=True, help="one_way_to_actionkit, one_way_to_member, "
              "populate, populate_overwrite_actionkit, populate_overwrite_member or two_way.")
def map_command(member_field, userfield, option):
    """Map a core field or a custom field (by name) with a sync option."""
    integration = _integration()
    allowed = _userfields(integration) if userfield else ()
    try:
        mapping = map_field(integration, member_field, option, userfield, allowed)
    except MappingError as exc:
        db.session.rollback()
        raise click.ClickException(_one_line(exc)) from exc
    db.session.commit()
    click.echo(f"{member_field} -> {mapping.ak_field} ({mapping.option})")


def _report_run(run_id):
    """Print how a run ended; a failed run is a non-zero exit."""
    progress = run_progress(run_id)
    counts = ", ".join(f"{k} {v}" for k, v in sorted((progress.get("counts") or {}).items()))
    click.echo(f"Run {run_id} {progress.get('status')}: {progress.get('work_done')} of "
               f"{progress.get('work_total')} done{'; ' + counts if counts else ''}.")
    if progress.get("status") not in ("done", "finished"):
        raise click.ClickException(f"Run {run_id} ended {progress.get('status')}: "
                                   f"{_one_line(progress.get('error') or 'no details')}")


@actionkit.command("activate")
@one_line_errors
@click.option("--wait", is_flag=True, help="Run the initial scan here, to completion.")
@click.option("--yes", is_flag=True, help="Do not ask before turning on when the preview would rewrite values.")
def activate_command(wait, yes):
    """Print the preview, confirm any ActionKit rewrites, turn Sync Accounts on and start the initial scan."""
    from webapp.cli.actionkit_preview import confirm_activation
    integration = _integration()
    problems = sync.activation_problems(integration)
    if problems:
        raise click.ClickException("Cannot activate: " + " ".join(problems))
    confirm_activation(integration, yes)
    run_id = sync.activate(integration.id)
    db.session.commit()
    if not wait:
        click.echo(f"Sync Accounts is on; activation run {run_id} is queued.")
        return
    if _claim_queued_job(activation_job_id(run_id)):
        sync.run_activation(run_id)
    else:
        _wait_for_run(run_id)
    _report_run(run_id)


def _claim_queued_job(job_id):
    """Take a just-queued job off the queue so it runs here, not also on a worker."""
    job = get_queue().fetch_job(job_id)
    if job is None or job.get_status(refresh=True) != "queued":
        return job is None
    job.cancel()
    return True


def _wait_for_run(run_id, poll=1.0):
    """A worker got the job first: follow its run row until it ends."""
    while True:
        db.session.expire_all()
        if (run_progress(run_id) or {}).get("status") not in ("queued", "running"):
            return
        time.sleep(poll)


@actionkit.command("sync")
@one_line_errors
@click.option("--wait", is_flag=True, help="Run the cycle here, to completion.")
def sync_command(wait):
    """One fetch + push cycle now (queued, or run here with --wait)."""
    integration = _integration()
    if not integration.sync_enabled:
        raise click.ClickException("Sync Accounts is off; run `flask actionkit activate` first.")
    if wait:
        run_id = sync.run_cycle()
        if run_id is None:
            raise click.ClickException("A sync cycle is already running.")
        _report_run(run_id)
        return
    run_id = sync.start_cycle()
    db.session.commit()
    if run_id is None:
        raise click.ClickException("A sync cycle is already running.")
    click.echo(f"Sync cycle {run_id} is queued.")


@actionkit.command("deactivate")
@one_line_errors
def deactivate_command():
    """Turn Sync Accounts off: erase the credentials, stop every job, keep all data."""
    integration = _integration()
    sync.deactivate(integration.id)
    db.session.commit()
    click.echo("Sync Accounts is off; the ActionKit credentials were erased and all data was kept.")


def register(app):
    """Add the `actionkit` group (with preview, userfields, status, pages, groups and webhook, each in its own module)."""
    from webapp.cli import (actionkit_groups, actionkit_pages, actionkit_preview,  # noqa: F401 - imports add them
                            actionkit_status, actionkit_userfields, actionkit_webhook)
    app.cli.add_command(actionkit)
