"""A synced usergroup's members: the backfill that reads them once, and each cycle's mirroring of joins and leaves.

Kept apart from jobs/sync/usergroups.py so the cycle's users step can call mirror_user_groups
without importing the fetch walk it is part of.
"""
from webapp.actionkit.values import id_from_uri
from webapp.extensions import db
from webapp.models import AkUserGroup, Integration
from webapp.store import ak_usergroups as store

from jobs.locks import cycle_lock
from jobs.sync import runs
from jobs.sync.activation import LOCK_WAIT_SECONDS
from jobs.sync.harness import checkpoint, execute
from jobs.sync.jobqueue import LOCK_NAME

USERGROUP_ACTOR = "ActionKit usergroup sync"  # who the group change log says made a mirrored join or leave


def run_usergroup_backfill(row_id):
    """The job: under the sync lock, read the usergroup's members and make its group match them."""
    row = db.session.get(AkUserGroup, row_id)
    integration = db.session.get(Integration, row.integration_id) if row is not None else None
    if row is None or not row.synced or integration is None or not integration.sync_enabled:
        return None
    run = runs.new_run(integration.id, "backfill")
    db.session.commit()
    with cycle_lock(LOCK_NAME, run_id=run.id, wait=LOCK_WAIT_SECONDS) as lock:  # never beside a cycle
        if lock is None:
            runs.finish(run, "failed", "Another sync run held the lock for longer than a cycle may run.")
            db.session.commit()
            return None
        return execute(run, integration, lambda ctx: backfill_members(ctx, row_id), lock)


def backfill_members(ctx, row_id):
    """Linked members of the usergroup's users join its group; everyone else in the group leaves."""
    row = db.session.get(AkUserGroup, row_id)
    if row is None or not row.synced or row.group_id is None:
        return
    user_ids = list(ctx.client.iter_usergroup_member_ids(row.ak_id))
    wanted = set(store.linked_members(ctx.integration_id, user_ids).values())
    current = store.group_member_ids(row.group_id)
    joined, left = store.change_membership(row.group_id, wanted - current, current - wanted, USERGROUP_ACTOR)
    runs.add_work(ctx.run, total=len(user_ids), done=len(user_ids))
    ctx.stats["usergroup_changes"] = ctx.stats.get("usergroup_changes", 0) + joined + left
    checkpoint(ctx)


def mirror_user_groups(ctx, users):
    """Joins and leaves of synced usergroups, read from the `groups` list of users just read (no request)."""
    synced = store.synced_usergroups(ctx.integration_id)
    if not synced or not users:
        return 0
    listed = [u for u in users if isinstance(u.get("groups"), list)]  # no list: membership unknown, leave it
    members = store.linked_members(ctx.integration_id, [u["id"] for u in listed])
    changes = 0
    for ak_group_id, group_id in synced.items():
        inside = {members[int(u["id"])] for u in listed
                  if int(u["id"]) in members and ak_group_id in _group_ids(u["groups"])}
        current = store.group_member_ids(group_id, among=set(members.values()))
        joined, left = store.change_membership(group_id, inside - current, current - inside, USERGROUP_ACTOR)
        changes += joined + left
    db.session.flush()
    return changes


def _group_ids(groups):
    """ActionKit usergroup ids of a user's `groups` list ({"name", "resource_uri"} or bare URIs)."""
    refs = (g.get("resource_uri") if isinstance(g, dict) else g for g in groups)
    return {id_from_uri(ref) for ref in refs if ref is not None} - {None}
