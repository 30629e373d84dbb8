"""Process commands: `flask worker`, `flask scheduler` (Procfile) and `flask dev` (embedded mode).

Worker and scheduler start through the Flask CLI so they use the app's Redis (REDIS_URL via the
app config, not rq's RQ_REDIS_URL) and jobs run inside an app context (see jobs/runner.py).
"""
import os
import time

import click
from flask import current_app
from flask.cli import with_appcontext


def use_utc():
    """Run in UTC: rq-scheduler reads cron strings in the host's local time zone."""
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()


@click.command("worker")
@click.argument("queues", nargs=-1)
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit (tests, one-off dynos).")
@click.option("--simple", is_flag=True, help="Run jobs in this process instead of a forked child.")
@click.option("--log-level", default="INFO", show_default=True)
@with_appcontext
def worker_command(queues, burst, simple, log_level):
    """Run an RQ worker; SIGTERM finishes the current job first (HerokuWorker)."""
    from jobs.runner import build_worker
    worker = build_worker(current_app._get_current_object(), queues, simple=simple)
    worked = worker.work(burst=burst, logging_level=log_level)
    if burst:
        click.echo("Worked on jobs." if worked else "No jobs were queued.")


@click.command("scheduler")
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Seconds between polls for due jobs (1 to 3600).")
@click.option("--burst", is_flag=True, help="Register, move the jobs due now, then exit.")
@with_appcontext
def scheduler_command(interval, burst):
    """Register the periodic jobs idempotently, then run rq-scheduler's loop (run exactly one)."""
    from jobs.schedule import make_scheduler, periodic_job_definitions, schedule_periodic_jobs
    use_utc()
    definitions = periodic_job_definitions()
    scheduler = make_scheduler(current_app._get_current_object(), interval, definitions)
    added, removed = schedule_periodic_jobs(scheduler, definitions)
    click.echo(f"Periodic jobs: {len(added)} added, {len(removed)} removed, "
               f"{scheduler.count()} scheduled.")
    scheduler.run(burst=burst)


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, help="0 picks a free port.")
@click.option("--sandbox-users", default=2000, show_default=True, help="Users seeded in aksandbox.")
@click.option("--no-sandbox", is_flag=True, help="Do not start the ActionKit sandbox.")
@click.option("--instance-path", envvar="KITBRIDGE_INSTANCE_PATH", default=None,
              help="Folder for the SQLite file and dev secrets (default: instance/).")
def dev_command(host, port, sandbox_users, no_sandbox, instance_path):
    """Embedded mode: SQLite, in-process Redis, worker, scheduler and aksandbox in one process."""
    from webapp import embedded  # dev-only: never imported on production paths
    use_utc()
    embedded.run(host=host, port=port, sandbox_users=sandbox_users, sandbox=not no_sandbox,
                 instance_path=instance_path)


def register(app):
    """Add the process commands to the app CLI."""
    app.cli.add_command(worker_command)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(dev_command)
