"""Entry points for the periodic cycle, pushes and retries (all enqueue after the caller commits)."""
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox
from webapp.queues import job_key
from webapp.store.integration import get_active_integration

from jobs.locks import cycle_lock, is_locked
from jobs.maintenance import recover_runs
from jobs.sync import runs
from jobs.sync.activation import LOCK_WAIT_SECONDS, activation_steps, resume_activation
from jobs.sync.cycle import fetch_phones, fetch_users, refresh_total
from jobs.sync.pages import fetch_actions, fetch_pages
from jobs.sync.actions import requeue_if_pending
from jobs.sync.jobqueue import LOCK_NAME, after_commit, cycle_job_id, push_job_id
from jobs.sync.users import link_one_user
from jobs.sync.harness import checkpoint, execute, get_run
from jobs.sync.push import drain_outbox
from webapp.store.integration import scan_complete
from webapp.store.sync_status import latest_user_total
from jobs.sync.userfields import refresh_allowed_userfields
from jobs.sync.usergroups import fetch_usergroups

CYCLE_TIMEOUT = 3000


def start_cycle():
    """Queue a cycle now; None when sync is off or a cycle is already queued or running."""
    integration = get_active_integration()
    recover_runs()  # a dead run or an abandoned queued job must not block "Sync now"
    if integration is None or is_locked(LOCK_NAME):
        return None
    if runs.active_runs_of_kind(integration.id, ("cycle",), statuses=("queued",)):
        return None
    run = runs.new_run(integration.id, "cycle")
    after_commit(run_cycle, run.id, job_id=cycle_job_id(), job_timeout=CYCLE_TIMEOUT)
    return run.id


def _cycle_steps(ctx):
    """1. users (+ usergroup joins/leaves) 2. phones 3. pages 4. actions of synced pages 5. AK user total
    6. push outbox 7. userfields 8. usergroups."""
    fetch_users(ctx)
    fetch_phones(ctx)
    fetch_pages(ctx)
    fetch_actions(ctx)
    _user_total(ctx)
    checkpoint(ctx)
    drain_outbox(ctx)
    refresh_allowed_userfields(ctx)
    fetch_usergroups(ctx)


def _user_total(ctx):
    """Count AK users only when this cycle linked some user; an idle cycle carries the last count (no request)."""
    previous = latest_user_total(ctx.integration_id)
    if previous is None or ctx.stats.get("users_done"):
        refresh_total(ctx)
    else:
        runs.set_count(ctx.run, "ak_users", previous)


def run_cycle(run_id=None):
    """The periodic job (every 600 s): never overlaps itself; returns the run id or None."""
    integration = get_active_integration()
    run = get_run(run_id) if run_id else None
    if integration is None or not integration.password_encrypted:
        return _close(run, "cancelled", "Sync Accounts is off.")
    with cycle_lock(LOCK_NAME) as lock:
        if lock is None:
            return _close(run, "skipped", "Another sync run was in progress.")
        if not scan_complete(integration):
            return _resume_scan(run, integration, lock)
        run = run or runs.new_run(integration.id, "cycle")
        lock.track(run.id)
        run_id = execute(run, integration, _cycle_steps, lock)
    requeue_if_pending(integration.id)  # actions stored while the cycle held the lock (e.g. by the webhook)
    return run_id


def _resume_scan(run, integration, lock):
    """Until the activation's scan has finished, a cycle continues that scan instead of reading by updated_at."""
    if [r for r in runs.active_runs_of_kind(integration.id, ("activation",)) if r is not run]:
        return _close(run, "skipped", "The activation is queued or running; it continues the scan.")
    run = resume_activation(run or runs.new_run(integration.id, "cycle"))
    lock.track(run.id)
    return execute(run, integration, activation_steps, lock)


def _close(run, status, why):
    """Finish a queued run that will not run, so the UI never waits on it."""
    if run is not None and run.status in runs.ACTIVE:
        runs.finish(run, status, why)
        db.session.commit()
    return None


def run_push():
    """Drain the outbox now (after a retry), unless a cycle holds the lock (it drains too)."""
    integration = get_active_integration()
    if integration is None:
        return None
    with cycle_lock(LOCK_NAME) as lock:
        if lock is None:
            return None
        run = runs.new_run(integration.id, "push")
        lock.track(run.id)
        run_id = execute(run, integration, drain_outbox, lock)
    requeue_if_pending(integration.id)  # actions the webhook stored while this drain held the lock
    return run_id


def retry_push(outbox_id):
    """Put a failed push back in the queue and drain soon; the caller commits."""
    row = db.session.get(PushOutbox, outbox_id)
    if row is None:
        return None
    row.status, row.last_error = "pending", None
    request_push()
    return row.id


def request_push():
    """Drain the outbox soon (one queued push job at a time); the caller commits."""
    after_commit(run_push, job_id=push_job_id(), job_timeout=CYCLE_TIMEOUT)


def retry_user(ak_user_row_id):
    """Fetch and link one scanned user again (e.g. after an error); the caller commits."""
    row = db.session.get(AkUser, ak_user_row_id)
    if row is None:
        return None
    after_commit(run_retry_user, row.id, job_id=job_key(None, "sync-retry-user", row.id))
    return row.id


def run_retry_user(ak_user_row_id):
    """The job behind retry_user: one user and its phones, then link."""
    row = db.session.get(AkUser, ak_user_row_id)
    integration = get_active_integration()
    if row is None or integration is None:
        return None
    run = runs.new_run(integration.id, "retry")
    db.session.commit()

    def steps(ctx):
        """One user and its phones, then the drain."""
        user = ctx.client.get_user(row.ak_id)
        phones = ctx.client.get_phones_for_users([row.ak_id]).get(row.ak_id, [])
        link_one_user(ctx, user, phones)
        checkpoint(ctx)
        drain_outbox(ctx)
    with cycle_lock(LOCK_NAME, run_id=run.id, wait=LOCK_WAIT_SECONDS) as lock:  # never beside a cycle
        if lock is None:
            return _close(run, "failed", "Another sync run held the lock for longer than a cycle may run.")
        run_id = execute(run, integration, steps, lock)
    requeue_if_pending(integration.id)
    return run_id
