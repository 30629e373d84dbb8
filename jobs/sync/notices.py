"""The webhook drain job: turn notices (hints) into real ActionKit actions, stored once and processed.

A notice is never trusted: its ids are fetched from ActionKit (`id__in`, 100 per request), so a
forged or stale id that ActionKit does not have changes nothing, and an id already stored (a
replay, or the fetch cycle got there first) costs no request at all.
"""
from jobs import get_job_logger
from jobs.locks import cycle_lock, lease_seconds
from jobs.sync import notice_queue
from jobs.sync.actions import process_actions, request_action_processing, take_actions
from jobs.sync.client import client_for
from jobs.sync.context import SyncContext
from jobs.sync.jobqueue import LOCK_NAME
from webapp.extensions import db
from webapp.models import AkAction
from webapp.store.ak_actions import actions_by_ak_id
from webapp.store.integration import get_active_integration

log = get_job_logger("notices")


def unseen_ids(integration, action_ids):
    """The ids not stored yet, in order, each once."""
    wanted = list(dict.fromkeys(action_ids))
    if not wanted:
        return []
    stored = set(db.session.scalars(db.select(AkAction.ak_id).where(
        AkAction.integration_id == integration.id, AkAction.ak_id.in_(wanted))))
    return [i for i in wanted if i not in stored]


def fetch_actions(client, action_ids):
    """The real actions ActionKit has among these ids (one request per 100); unknown ids simply don't come back."""
    actions = []
    for start in range(0, len(action_ids), notice_queue.BATCH_SIZE):
        chunk = action_ids[start:start + notice_queue.BATCH_SIZE]
        actions += client.iter_actions(id__in=",".join(str(i) for i in chunk), order_by="id")
    return actions


def pending_rows(integration, action_ids):
    """The batch's stored rows still waiting to be processed (new ones, or ones a dead drain stored)."""
    rows = actions_by_ak_id(integration.id, action_ids).values()
    return [row for row in rows if row.outcome == "pending" and row.processed_at is None]


def process_now_or_hand_over(ctx, rows):
    """Process under the sync lock lease; when a cycle holds it (or processing fails) the pending job does."""
    with cycle_lock(LOCK_NAME) as lock:
        if lock is not None:
            ctx.lock = lock
            try:
                process_actions(ctx, rows)
                db.session.commit()
                return "processed"
            except Exception:  # noqa: BLE001 - the rows are stored; the pending-actions job retries them
                db.session.rollback()
                log.exception("processing webhook actions failed; handing them to the pending-actions job")
    request_action_processing()
    db.session.commit()
    return "handed over"


def handle_batch(action_ids):
    """Store the batch's new actions (source webhook) and process them; returns counts for the log."""
    integration = get_active_integration()
    if integration is None or not integration.password_encrypted:
        return {"dropped": len(action_ids)}  # sync is off: activation and the fetch cycle read actions then
    new_ids = unseen_ids(integration, action_ids)
    with client_for(integration) as client:
        actions = fetch_actions(client, new_ids) if new_ids else []
        ctx = SyncContext.load(integration, client=client)
        take_actions(ctx, actions, "webhook")
        db.session.commit()
        rows = pending_rows(integration, action_ids)
        if rows:
            process_now_or_hand_over(ctx, rows)
    return {"known": len(action_ids) - len(new_ids), "fetched": len(actions),
            "not_in_actionkit": len(new_ids) - len(actions), "processed": len(rows)}


def drain(lock):
    """Take batches until none is left (clearing the drain flag atomically with that); returns totals."""
    totals = {"recovered": notice_queue.recover_processing()}
    while True:
        batch = notice_queue.take_batch()
        if not batch:
            if notice_queue.finished():
                return totals
            continue
        notice_queue.keep_flag()
        for key, count in handle_batch(batch).items():
            totals[key] = totals.get(key, 0) + count
        notice_queue.batch_done()
        if lock.lost:
            return totals  # another drain may hold the lease now; it recovers nothing we stored


def run_drain_notices():
    """The job: one drain at a time (its own lease); a busy lease means the holder will see these notices."""
    with cycle_lock(notice_queue.DRAIN_LOCK, wait=lease_seconds()) as lock:
        if lock is None:
            return "skipped: another drain holds the lease"
        totals = drain(lock)
    log.info("webhook notices drained: %s", totals)
    return totals
