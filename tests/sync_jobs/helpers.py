"""Shared steps for the propagation tests."""
from jobs import sync
from webapp.extensions import db
from webapp.models import AkUser, FieldMapping, PushOutbox, SyncEvent
from webapp.store.members import update_member


def set_option(integration, field, option):
    mapping = db.session.scalar(db.select(FieldMapping).filter_by(integration_id=integration.id,
                                                                  member_field=field))
    mapping.option = option
    db.session.commit()


def synced_row(raw, need=("first_name", "last_name", "city")):
    """A synced user whose AK side has the given fields set."""
    for row in db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id)):
        user = raw.user(row.ak_id)
        if all(user.get(field) for field in need):
            return row
    raise AssertionError("no synced user with those fields")


def edit_member(member, **values):
    """A staff edit through the members store (which queues the push in the same transaction)."""
    changes = update_member(member, values, {}, actor="staff@example.org")
    db.session.commit()
    return changes


def cycle():
    """One full cycle, in-process (as `flask actionkit sync --wait` does)."""
    run_id = sync.run_cycle()
    db.session.expire_all()
    return run_id


def event_count():
    return db.session.scalar(db.select(db.func.count(SyncEvent.id)))


def pending_count():
    return db.session.scalar(db.select(db.func.count(PushOutbox.id)).filter_by(status="pending"))
