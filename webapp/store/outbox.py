"""The push outbox: member changes bound for ActionKit, written in the caller's transaction.

Two kinds of rows share the table:
- member edits (`former` is None): the drain fetches the user fresh and lets the field rules
  decide what goes to ActionKit, so an edit never overwrites what the option protects;
- decided pushes (`former` is a dict): the sync already applied the rules while fetching
  (first-link write-backs, populate fills); the drain sends `changes` as they are.
A row without `ak_user_id` creates the user through the import page.
"""
from webapp.extensions import db
from webapp.models import Group, PushOutbox
from webapp.models.members import PRIMARY_KIND
from webapp.store.akusers import linked_user_for_member
from webapp.store.integration import get_active_integration

SKIP_SOURCES = ("actionkit", "creation")  # changes that came from ActionKit never go back
NOT_SYNCED = ("phone", "source")  # phone is the identity key, never a synced field


def _values(changes):
    """Accept {field: new} or {field: (old, new)} / {field: {"old", "new"}} change dicts."""
    out = {}
    for field, value in (changes or {}).items():
        if isinstance(value, dict) and "new" in value:
            value = value["new"]
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            value = value[1]
        if field not in NOT_SYNCED:
            out[field] = value
    return out


def queue_member_push(member, changes, source="staff"):
    """Queue a member change for ActionKit when it is linked (or can be created); returns the row or None."""
    integration = get_active_integration()
    values = _values(changes)
    if integration is None or not values or source in SKIP_SOURCES or member.id is None:
        return None
    akuser = linked_user_for_member(member.id)
    if akuser is not None:
        row = PushOutbox(member_id=member.id, ak_user_id=akuser.ak_id, changes=values, source=source)
        db.session.add(row)
        db.session.flush()
        return row
    return queue_create_user(member, source)


def in_primary_group(member):
    """True when the member belongs to the ActionKit primary group."""
    from webapp.models import GroupMembership
    query = (db.select(GroupMembership).join(Group, Group.id == GroupMembership.group_id)
             .where(Group.kind == PRIMARY_KIND, GroupMembership.member_id == member.id))
    return db.session.scalar(query) is not None


def queue_create_user(member, source="staff"):
    """Queue creating the member's ActionKit user when create-users is on and DESIGN 4 allows it."""
    integration = get_active_integration()
    if integration is None or not integration.create_users or not (member.email or "").strip():
        return None
    if member.id is None or linked_user_for_member(member.id) is not None or not in_primary_group(member):
        return None
    if pending_create(member.id) is not None:
        return None
    row = PushOutbox(member_id=member.id, ak_user_id=None, changes={}, source=source)
    db.session.add(row)
    db.session.flush()
    return row


def decided_values(member_id, ak_user_id, changes, former, source):
    """The column values of a decided push, shared by single adds and page-sized inserts."""
    return {"member_id": member_id, "ak_user_id": ak_user_id, "changes": dict(changes),
            "former": dict(former or {}), "source": source}




def insert_decided_pushes(rows):
    """Insert many decided pushes (decided_values dicts) in one statement, oldest first."""
    if rows:
        db.session.execute(db.insert(PushOutbox.__table__), rows)


def pending_create(member_id):
    """A pending create-user row of the member, or None."""
    query = db.select(PushOutbox).filter_by(member_id=member_id, ak_user_id=None).where(
        PushOutbox.status.in_(DRAINABLE))
    return db.session.scalar(query.limit(1))


DRAINABLE = ("pending", "sending")  # "sending": posted or about to be when its worker stopped (in doubt)


def pending_rows(limit=100, after_id=0):
    """Pending and in-doubt rows oldest first, for the drain."""
    query = (db.select(PushOutbox).where(PushOutbox.status.in_(DRAINABLE), PushOutbox.id > after_id)
             .order_by(PushOutbox.id).limit(limit))
    return list(db.session.scalars(query))


def waiting_keys(member_ids):
    """{member id: member fields some pending or in-doubt row of that member will push}."""
    if not member_ids:
        return {}
    query = db.select(PushOutbox.member_id, PushOutbox.changes).where(
        PushOutbox.member_id.in_(member_ids), PushOutbox.status.in_(DRAINABLE), PushOutbox.ak_user_id.isnot(None))
    keys = {}
    for member_id, changes in db.session.execute(query):
        keys.setdefault(member_id, set()).update(changes or {})
    return keys


def outbox_counts():
    """{"pending": n, "failed": n} for the status summary."""
    query = db.select(PushOutbox.status, db.func.count(PushOutbox.id)).group_by(PushOutbox.status)
    counts = dict(db.session.execute(query).all())
    return {"pending": sum(counts.get(s, 0) for s in DRAINABLE), "failed": counts.get("failed", 0)}
