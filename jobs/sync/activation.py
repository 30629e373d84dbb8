"""Activation: checks, the queued run, then the job (import page, initial scan) and deactivation."""
from webapp.actionkit import ConnectionFailed, ServerError, ValidationError
from webapp.extensions import db
from webapp.models import FieldMapping, Integration, utcnow
from webapp.rules import CORE_FIELDS

from jobs.sync import runs
from jobs.locks import cycle_lock
from jobs.sync.jobqueue import LOCK_NAME, activation_job_id, after_commit, cancel_queued_sync_jobs
from jobs.sync.harness import checkpoint, execute, get_run
from jobs.sync.scan import carry_checkpoint, initial_scan
from webapp.store.sync_status import latest_run

IMPORT_PAGE_NAME = "kitbridge-import"
IMPORT_PAGE_TITLE = "Kitbridge SMS member sync"
ACTIVATION_TIMEOUT = 6 * 3600
# No live cycle holds the lock longer than its job timeout (3000 s); a dead holder's lease is gone in 60 s.
LOCK_WAIT_SECONDS = 3000 + 120


def setup_problems(integration):
    """What stops any sync work, the preview's included: no credentials, or no opt-in field."""
    if integration is None or not integration.password_encrypted:
        return ["Connect an ActionKit instance first."]
    if not (integration.opt_in_field or "").strip():
        return ["Choose the opt-in userfield in Settings."]
    return []


def activation_problems(integration):
    """What still blocks activation, as sentences for staff (empty list = ready)."""
    problems = setup_problems(integration)
    if integration is None or not integration.password_encrypted:
        return problems
    # No phone type chosen is not a problem: the sync then uses mobile, work, home (SyncContext.phone_types).
    mapped = set(db.session.scalars(db.select(FieldMapping.member_field)
                                    .filter_by(integration_id=integration.id)))
    missing = [name for name in CORE_FIELDS if name not in mapped]
    if missing:
        problems.append(f"Map the core fields: {', '.join(missing)}.")
    return problems


def activate(integration_id):
    """Turn Sync Accounts on and queue the activation run; the job is enqueued once the caller commits."""
    integration = db.session.get(Integration, integration_id)
    problems = activation_problems(integration)
    if problems:
        raise ValueError(" ".join(problems))
    integration.sync_enabled = True
    integration.activated_at = utcnow()
    integration.users_watermark = integration.phones_watermark = None  # cycles resume this scan until it ends
    run = runs.new_run(integration.id, "activation")
    after_commit(run_activation, run.id, job_id=activation_job_id(run.id),
                 job_timeout=ACTIVATION_TIMEOUT)
    return run.id


def ensure_import_page(ctx):
    """Find or create the import page every push is posted to."""
    name = ctx.integration.import_page_name or IMPORT_PAGE_NAME
    page = ctx.client.get_page_by_name(name)
    page_id = page["id"] if page is not None else _create_import_page(ctx, name)
    ctx.integration.import_page_name, ctx.integration.import_page_id = name, int(page_id)


def _create_import_page(ctx, name):
    """Create the import page once: a taken name or a lost answer is settled by reading the page back."""
    try:
        return ctx.client.create_import_page(name, IMPORT_PAGE_TITLE)
    except ValidationError:  # created meanwhile by a concurrent run
        return ctx.client.get_page_by_name(name)["id"]
    except (ServerError, ConnectionFailed):  # ActionKit may have created it before failing
        page = ctx.client.get_page_by_name(name)
        return page["id"] if page is not None else ctx.client.create_import_page(name, IMPORT_PAGE_TITLE)


def run_activation(run_id):
    """The activation job: 1. start 2. import page 3. initial scan 4. drain pushes 5. finish."""
    run = get_run(run_id)
    if run is None or run.status not in runs.ACTIVE:
        return None
    integration = db.session.get(Integration, run.integration_id)
    from jobs.sync.actions import requeue_if_pending
    with cycle_lock(LOCK_NAME, run_id=run.id, wait=LOCK_WAIT_SECONDS) as lock:  # a cycle may be finishing
        if lock is not None:
            run_id = execute(run, integration, activation_steps, lock)
    if lock is not None:
        requeue_if_pending(integration.id)  # actions the webhook stored while the activation held the lock
        return run_id
    runs.finish(run, "failed", "Another sync run held the lock for longer than a cycle may run; "
                "activate again once it has finished.")
    db.session.commit()
    return None


def activation_steps(ctx):
    """1. import page 2. usergroups 3. initial scan (from its checkpoint when resumed) 4. write-backs it queued 5. pages."""
    from jobs.sync.pages import fetch_pages
    from jobs.sync.push import drain_outbox
    from jobs.sync.usergroups import fetch_usergroups
    runs.restart_work(ctx.run)
    ensure_import_page(ctx)
    checkpoint(ctx)
    fetch_usergroups(ctx)
    initial_scan(ctx)
    drain_outbox(ctx)
    runs.set_count(ctx.run, "phase", "Fetching ActionKit pages")
    fetch_pages(ctx)  # after the write-backs, so the import page's count includes them


def resume_activation(run):
    """Turn a queued cycle into the activation that has not finished, continuing from its checkpoint."""
    previous = latest_run(run.integration_id, kinds=("activation",), before_id=run.id)
    run.kind = "activation"
    carry_checkpoint(run, previous)
    return run


def deactivate(integration_id):
    """Turn sync off, erase the credentials, cancel queued jobs; running jobs stop between pages.

    All data (users, members, groups, ledger, outbox) stays as it is. The caller commits."""
    integration = db.session.get(Integration, integration_id)
    if integration is None:
        return
    integration.sync_enabled = False
    integration.password_encrypted = None
    for run in runs.active_runs(integration.id):
        if run.status == "queued":
            runs.finish(run, "cancelled", "Sync Accounts was turned off.")
    db.session.flush()
    cancel_queued_sync_jobs()
