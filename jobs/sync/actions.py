"""ActionKit actions in: store each once (deduped by its id), then process the pending ones.

Every way an action arrives (the page-action webhook, the cycle's fetch, a page's backfill) goes through
`take_actions` then `process_actions`, so the outcome never depends on the path. Processing links the acting
user through the user sync's one linking unit (`jobs.sync.users.link_users`) and adds the linked member to
the page's group. `run_pending_actions` is the job that processes whatever is pending under the sync lock.
"""
from rq import get_current_job

from webapp.actionkit.values import id_from_uri
from webapp.extensions import db
from webapp.models import utcnow
from webapp.queues import job_key
from webapp.rules import scrub
from webapp.rules.eligibility import STATUS_SYNCED
from webapp.security.text import MAX_DB_ID
from webapp.store.actionfield_groups import add_members_for_actions
from webapp.store.ak_actions import (actions_by_ak_id, acting_users, has_pending_actions, insert_new_actions,
                                     pending_action_ids, rows_by_ids)
from webapp.store.ak_pages import pages_by_ak_id
from webapp.store.integration import get_active_integration

from jobs import enqueue
from jobs.locks import cycle_lock
from jobs.sync import runs
from jobs.sync.action_groups import add_to_page_groups, page_group_id
from jobs.sync.context import ak_time
from jobs.sync.harness import checkpoint, execute
from jobs.sync.jobqueue import LOCK_NAME, after_commit
from jobs.flows.engine import fire_for_actions
from jobs.sync.usergroup_members import mirror_user_groups
from jobs.sync.users import link_users

SOURCES = ("webhook", "poll", "backfill")
BATCH = 100
PENDING_JOB_TIMEOUT = 3000


def take_actions(ctx, actions, source):
    """Store ActionKit action dicts once each; returns the rows still pending and unprocessed. Caller commits."""
    if source not in SOURCES:
        raise ValueError(f"Unknown action source {source!r}; expected one of {', '.join(SOURCES)}.")
    by_id = {_action_id(a): a for a in scrub([a for a in actions if _action_id(a) is not None])}
    # ON CONFLICT DO NOTHING: the webhook's job and a fetch may store the same action at the same moment
    insert_new_actions([_new_values(ctx, action, source) for action in by_id.values()])
    known = actions_by_ak_id(ctx.integration_id, by_id)
    pages = pages_by_ak_id(ctx.integration_id, {row.page_ak_id for row in known.values()})
    for ak_id, action in by_id.items():
        row = known[ak_id]
        _refresh(row, action)
        _judge(row, pages.get(row.page_ak_id), source)
    db.session.flush()
    return [row for row in known.values() if row.outcome == "pending" and row.processed_at is None]


def _action_id(action):
    """ActionKit's id of an action dict, or None for something that is not one."""
    value = action.get("id") if isinstance(action, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isascii():
        return None
    number = int(value) if str(value).isdigit() else None
    return number if number is not None and 0 < number <= MAX_DB_ID else None


def _new_values(ctx, action, source):
    """A new stored action's columns (its outcome is decided by _judge once stored)."""
    fields = action.get("fields")
    return {"integration_id": ctx.integration_id, "ak_id": _action_id(action),
            "page_ak_id": _uri_id(action.get("page")), "ak_user_id": _uri_id(action.get("user")),
            "fields": dict(fields) if isinstance(fields, dict) else {}, "source": source,
            "backfill": source == "backfill", "outcome": "pending", "reason": "", "fires_automations": False,
            "ak_created_at": _when(action.get("created_at")), "ak_updated_at": _when(action.get("updated_at")),
            "created_at": utcnow()}


def _uri_id(value):
    """An id from an ActionKit URI, or None for anything else."""
    try:
        return id_from_uri(value) if isinstance(value, (str, int)) else None
    except (TypeError, ValueError):
        return None


def _when(value):
    """An ActionKit timestamp as naive UTC, or None when missing or malformed (never a failed run)."""
    try:
        return ak_time(value)
    except (TypeError, ValueError):
        return None


def _refresh(row, action):
    """A later sighting may only bring newer fields and updated_at."""
    fields = action.get("fields")
    row.fields = dict(fields) if isinstance(fields, dict) else (row.fields or {})
    row.ak_updated_at = _when(action.get("updated_at")) or row.ak_updated_at


def _judge(row, page, source):
    """Pending on a synced page (ignored otherwise); an ignored action becomes pending once its page syncs."""
    row.page_id = page.id if page is not None else row.page_id
    if row.outcome not in ("pending", "ignored") or row.processed_at is not None:
        return
    if page is None or not page.synced:
        row.outcome, row.reason = "ignored", _ignored_reason(row, page)
        return
    row.outcome, row.reason = "pending", ""
    older = _older_than_sync(row, page)
    row.backfill = older if older is not None else source == "backfill"  # past actions never fire automations
    if row.source == "backfill" and not row.backfill:
        row.source = "poll"  # taken after the sync: a new action the backfill's read happened to find first


def _older_than_sync(row, page):
    """Was the action taken before staff synced its page (whoever fetches it first)? None when a time is missing.

    ActionKit's times have whole seconds, so an action in the very second of the sync counts as past: an
    ambiguous action never starts an automation."""
    if row.ak_created_at is None or page.synced_at is None:
        return None
    return row.ak_created_at < page.synced_at


def _ignored_reason(row, page):
    """Why an action is recorded but not processed."""
    if page is None:
        return f"ActionKit page {row.page_ak_id} is not fetched yet, so it is not synced."
    return f"Page “{page.name}” is not synced."


def process_actions(ctx, rows):
    """Link each pending row's user, add the member to the page group, record the outcome. Caller commits.

    Call it with the rows committed (take_actions then a checkpoint): linking may roll back a refused batch."""
    ids = [row.id for row in rows if row.outcome == "pending" and row.processed_at is None]
    for start in range(0, len(ids), BATCH):
        _process_batch(ctx, rows_by_ids(ids[start:start + BATCH]))


def _process_batch(ctx, rows):
    """One batch: fetch and link the users not linked in this run yet, then each row's outcome."""
    ctx.stats["page_groups"] = {}  # staff may have unsynced a page since the last batch
    user_ids = sorted({row.ak_user_id for row in rows if row.ak_user_id is not None})
    found = _link_acting_users(ctx, user_ids)
    rows = rows_by_ids([row.id for row in rows])  # a refused link batch rolls back and expires them
    akusers = acting_users(ctx.integration_id, user_ids)
    added = add_to_page_groups(ctx, [(row, akusers.get(row.ak_user_id)) for row in rows
                                     if _linked(akusers.get(row.ak_user_id)) and row.ak_user_id in found])
    for row in rows:
        _record_outcome(ctx, row, akusers.get(row.ak_user_id), row.ak_user_id in found, row.id in added)
    add_members_for_actions(rows)  # the actionfield groups their fields match
    fire_for_actions([row for row in rows if row.fires_automations])  # new actions start automations' flows
    db.session.flush()


def _link_acting_users(ctx, user_ids):
    """Fetch users (and phones) not yet linked by this run and link them; returns the ids ActionKit has."""
    done = ctx.stats.setdefault("users_done", set())
    fresh = [i for i in user_ids if i not in done]
    users = sorted(ctx.client.get_users_by_ids(fresh), key=lambda u: int(u["id"])) if fresh else []
    phones = ctx.client.get_phones_for_users([u["id"] for u in users]) if users else {}
    link_users(ctx, users, phones)
    mirror_user_groups(ctx, users)  # a user linked by an action joins its synced usergroups' groups
    fetched = {int(u["id"]) for u in users}
    done.update(fetched)
    return fetched | (set(user_ids) - set(fresh))


def _linked(akuser):
    """True when the user's row is synced to a member."""
    return akuser is not None and akuser.status == STATUS_SYNCED and akuser.member_id is not None


def _record_outcome(ctx, row, akuser, exists, added):
    """added (member in the page group) or skipped with the user's status reason; never fires for backfill."""
    if row.outcome != "pending":
        return
    if page_group_id(ctx, row.page_id) is None:
        row.outcome, row.reason = "ignored", "Its page was no longer synced when the action was processed."
        return  # left unprocessed: syncing the page again makes it pending
    if not exists:
        row.outcome, row.reason = "skipped", f"ActionKit user {row.ak_user_id} does not exist (any more)."
    elif _linked(akuser):
        row.outcome, row.member_id = "added", akuser.member_id
        row.reason = "" if added else "Already in the page group."
    else:
        row.outcome, row.member_id = "skipped", None
        row.reason = (akuser.reason or akuser.status) if akuser is not None else "The user could not be linked."
    row.fires_automations = row.outcome == "added" and not row.backfill
    row.processed_at = utcnow()
    if ctx.run is not None:
        runs.bump(ctx.run, f"actions_{row.outcome}")


def pending_job_id(again=False):
    """Fixed job ids of run_pending_actions: requests while one is queued collapse into it."""
    return job_key(None, "sync-actions", "again") if again else job_key(None, "sync-actions")


def request_action_processing():
    """Enqueue run_pending_actions once the caller commits (one queued job at a time)."""
    after_commit(run_pending_actions, job_id=pending_job_id(), job_timeout=PENDING_JOB_TIMEOUT)


def requeue_if_pending(integration_id):
    """After a run releases the lock: rows left pending meanwhile (e.g. by the webhook) get a job.

    A running job still counts as live under its id, so a job re-queues itself under the other id."""
    if not has_pending_actions(integration_id):
        return None
    current = get_current_job()
    again = current is not None and current.id == pending_job_id()
    return enqueue(run_pending_actions, job_id=pending_job_id(again), job_timeout=PENDING_JOB_TIMEOUT)


def run_pending_actions():
    """The job: process every pending action under the sync lock; a busy lock means its holder will."""
    integration = get_active_integration()
    if integration is None or not integration.password_encrypted or not has_pending_actions(integration.id):
        return None
    with cycle_lock(LOCK_NAME) as lock:
        if lock is None:
            return None  # the holder's actions step, or its requeue_if_pending on release, processes them
        run = runs.new_run(integration.id, "actions")
        lock.track(run.id)
        run_id = execute(run, integration, process_all_pending, lock)
    requeue_if_pending(integration.id)
    return run_id


def process_all_pending(ctx):
    """Every pending row, a batch per commit, until none is left (rows the webhook adds meanwhile included)."""
    previous = None
    while True:
        ids = pending_action_ids(ctx.integration_id, limit=BATCH)
        if not ids or ids == previous:
            return
        process_actions(ctx, rows_by_ids(ids))
        runs.add_work(ctx.run, total=len(ids), done=len(ids))
        checkpoint(ctx)
        previous = ids
