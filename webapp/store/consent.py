"""The consent ledger's one write path: every subscription change, from any source, goes through here.

A change from anywhere but ActionKit itself is also queued for ActionKit's opt-in userfield as a decided
push ("true"/"false", the member's explicit choice is the latest change), in the caller's transaction.
"""
from webapp.extensions import db
from webapp.models import ConsentChange, PushOutbox, utcnow
from webapp.rules.optin import format_opt_in
from webapp.store.akusers import linked_user_for_member
from webapp.store.integration import get_active_integration
from webapp.store.outbox import decided_values, queue_create_user
from webapp.store.sync_ledger import TO_ACTIONKIT, record_event

OPT_KEY = "subscribed"
FROM_ACTIONKIT = ("actionkit",)  # never sent back where it came from
CONSENT_LABELS = {"keyword": "Text keyword", "staff": "Staff edit", "actionkit": "ActionKit", "csv": "CSV import",
                  "import": "Import", "sms": "First text", "creation": "Created"}


def record_subscription_change(member, subscribed, source, evidence):
    """Set member.subscribed, write the ledger row and queue the ActionKit push; None when nothing changed."""
    subscribed = bool(subscribed)
    if member.subscribed is not None and bool(member.subscribed) == subscribed and member.id is not None:
        return None
    old = None if member.id is None else bool(member.subscribed)
    member.subscribed = subscribed
    member.updated_at = utcnow()  # the sync's "latest change wins" compares this with ActionKit's time
    if member.id is None:
        db.session.add(member)
        db.session.flush()
    change = add_ledger_row(member.id, old, subscribed, source, evidence)
    if source not in FROM_ACTIONKIT:
        queue_opt_in_push(member, subscribed, source)
    return change


def add_ledger_row(member_id, old, new, source, evidence):
    """One ledger row in the caller's transaction (the sync uses it for changes ActionKit made)."""
    change = ConsentChange(member_id=member_id, old=old, new=bool(new), source=source,
                           evidence=(evidence or "")[:2000], at=utcnow())
    db.session.add(change)
    return change


def record_first_status(member, source, evidence):
    """The status a new member starts with (old None), so the ledger shows where consent began."""
    return add_ledger_row(member.id, None, bool(member.subscribed), source, evidence)


def queue_opt_in_push(member, subscribed, source):
    """Queue "true"/"false" for the linked user's opt-in userfield (unlinked: create the user when allowed)."""
    integration = get_active_integration()
    if integration is None or not integration.opt_in_field:
        return None
    akuser = linked_user_for_member(member.id)
    if akuser is None:
        return queue_create_user(member, source)  # the new user gets the member's status with it
    former = {integration.opt_in_field: akuser.opt_in_raw or ""}
    row = PushOutbox(**decided_values(member.id, akuser.ak_id, {OPT_KEY: subscribed}, former, source))
    db.session.add(row)
    record_event(TO_ACTIONKIT, OPT_KEY, akuser.opt_in_raw, format_opt_in(subscribed), rule=f"opt-in: {source}",
                 source=source, member_id=member.id, ak_user_id=akuser.ak_id, outcome="queued")
    db.session.flush()
    return row


def ledger_of(member_id, limit=100):
    """The member's consent history, newest first."""
    query = (db.select(ConsentChange).where(ConsentChange.member_id == member_id)
             .order_by(ConsentChange.at.desc(), ConsentChange.id.desc()).limit(limit))
    return list(db.session.scalars(query))
