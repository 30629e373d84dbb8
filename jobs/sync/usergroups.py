"""ActionKit usergroups: the fetched list, sync/unsync of one, its member backfill, and each cycle's mirroring.

A synced usergroup has a member group (kind actionkit_usergroup) whose membership follows ActionKit:
syncing reads the usergroup's members once (`user/?groups=<id>`, under the sync lock), and from then on
every cycle's users step sees joins and leaves in the `groups` list of each changed user (joining or
leaving bumps a user's updated_at), so mirroring costs no request of its own.
"""
from webapp.extensions import db
from webapp.models import AkUserGroup, utcnow
from webapp.rules import scrub
from webapp.queues import job_key
from webapp.store import ak_usergroups as store

from jobs.sync.context import ak_time
from jobs.sync.cycle import after, walk
from jobs.sync.harness import checkpoint
from jobs.sync.jobqueue import after_commit
from jobs.sync.usergroup_members import mirror_user_groups, run_usergroup_backfill

__all__ = ["fetch_usergroups", "mirror_user_groups", "request_usergroup_sync", "request_usergroup_unsync",
           "run_usergroup_backfill", "usergroup_sync_refusal"]
BACKFILL_TIMEOUT = 3000


def fetch_usergroups(ctx):
    """Usergroups updated since the usergroups watermark (one empty request when nothing changed)."""
    def handle(objects):
        """Store the batch's names and dates."""
        store.store_usergroups(ctx.integration_id, [_record(o) for o in objects])

    def batches(since, inclusive):
        """Usergroups by updated_at after the given second."""
        return ctx.client.iter_usergroup_batches(order_by="updated_at", **after(since, inclusive))

    for watermark in walk(batches, ctx.integration.usergroups_watermark, handle):
        ctx.integration.usergroups_watermark = watermark
        checkpoint(ctx)


def _record(obj):
    """The stored fields of one usergroup dict (name scrubbed of unstorable characters), dates as naive UTC."""
    name = obj.get("name")
    return {"id": int(obj["id"]), "name": scrub(name) if isinstance(name, str) else "",
            "created_at": ak_time(obj.get("created_at")),
            "updated_at": ak_time(obj.get("updated_at"))}


def usergroup_sync_refusal(integration):
    """Why no usergroup can be synced now (None when it can): its members are read by the running sync."""
    if integration is None or not integration.sync_enabled or not integration.password_encrypted:
        return "Turn on Sync Accounts on the ActionKit Settings tab first."
    return None


def request_usergroup_sync(row_id):
    """Mark the usergroup synced, give it its member group and queue the member backfill; the caller commits."""
    row = db.session.get(AkUserGroup, row_id)
    if row is None:
        return None
    group = store.group_for_usergroup(row)
    if not row.synced:
        row.synced, row.synced_at = True, utcnow()
    db.session.flush()
    after_commit(run_usergroup_backfill, row.id, job_id=backfill_job_id(row.id), job_timeout=BACKFILL_TIMEOUT)
    return group


def request_usergroup_unsync(row_id):
    """Stop mirroring the usergroup; its group and members stay as they are. The caller commits."""
    row = db.session.get(AkUserGroup, row_id)
    if row is None:
        return None
    row.synced = False
    db.session.flush()
    return row


def backfill_job_id(row_id):
    """One queued backfill per usergroup at a time (asking twice queues it once)."""
    return job_key(None, "sync-usergroup", row_id)
