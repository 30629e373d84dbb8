"""The run harness every sync job shares: load the run, run its steps with a client, guard each commit.

A job opens its run with `get_run`, hands `execute` its steps, and the steps call `checkpoint` after each
committed batch: that is where a deactivation (`Stopped`) or a lost lock lease (`LeaseLost`) stops the
work, and where the run's counters and records spent become durable. `execute` records how the run ended.
"""
from webapp.extensions import db
from webapp.models import Integration, SyncRun

from jobs import get_job_logger
from jobs.sync import runs
from jobs.sync.client import NotConnected, client_for
from jobs.sync.context import SyncContext


def get_run(run_id):
    """The run row, or None."""
    return db.session.get(SyncRun, run_id)


class Stopped(Exception):
    """Sync Accounts was turned off while the job ran; it stops between batches."""


class LeaseLost(Exception):
    """This worker's lock lease expired (e.g. a long pause): another worker may own the run now."""


def still_holding(ctx):
    """Stop before writing anything more once the lease is gone (the watchdog resumes the run elsewhere)."""
    lock = getattr(ctx, "lock", None)
    if lock is not None and lock.lost:
        raise LeaseLost()


def still_enabled(integration):
    """Re-read sync_enabled from the database so a deactivation is seen between batches.

    Right after a commit the whole row is reloaded (the next step reads it anyway); with
    unsaved changes on it only the flag is selected, so nothing is thrown away."""
    if integration in db.session.dirty:
        enabled = db.session.scalar(db.select(Integration.sync_enabled).filter_by(id=integration.id))
    else:
        db.session.expire(integration)
        enabled = integration.sync_enabled
    if not enabled:
        raise Stopped()


def checkpoint(ctx):
    """Commit a batch: the run's counters and the records spent stay true after any crash."""
    still_holding(ctx)
    runs.spend(ctx.run, ctx.client)
    db.session.commit()
    still_enabled(ctx.integration)


def execute(run, integration, steps, lock=None):
    """Run the steps with a client, recording stop/failure on the run; returns the run id."""
    runs.start(run)
    db.session.commit()
    ctx = SyncContext.load(integration, run=run)
    ctx.lock = lock
    try:
        _run_steps(ctx, integration, steps)
    except LeaseLost:
        db.session.rollback()  # the run is the watchdog's now: record nothing more on it
        get_job_logger("sync").warning("Sync run %s stopped: its lock lease was lost", run.id)
        return run.id
    except (Stopped, NotConnected) as exc:
        db.session.rollback()
        runs.finish(run, "stopped", str(exc) or "Sync Accounts was turned off.")
    except Exception as exc:  # noqa: BLE001 - the run row must say why it failed
        db.session.rollback()
        runs.spend(run, ctx.client)
        runs.finish(run, "failed", f"{type(exc).__name__}: {exc}"[:2000])
        get_job_logger("sync").exception("Sync run %s failed", run.id)
    finally:
        runs.wait_reporter(run.id)(None)
        if ctx.client is not None:
            ctx.client.close()
    db.session.commit()
    return run.id


def _run_steps(ctx, integration, steps):
    """Open the client and run the steps; the run is done when they return."""
    if not integration.sync_enabled:
        raise Stopped()
    ctx.client = client_for(integration, on_wait=runs.wait_reporter(ctx.run.id))
    steps(ctx)
    runs.spend(ctx.run, ctx.client)
    runs.finish(ctx.run, "done")
