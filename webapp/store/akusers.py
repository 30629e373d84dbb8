"""Queries on scanned ActionKit users (AkUser): lookups, phone owners and status counts."""
from webapp.extensions import db
from webapp.models import USER_STATUSES, AkUser

SYNCED = "synced"


def get_akuser(integration_id, ak_id):
    """The scanned row of one ActionKit user, or None."""
    return db.session.scalar(db.select(AkUser).filter_by(integration_id=integration_id, ak_id=int(ak_id)))


def get_or_new_akuser(integration_id, ak_id):
    """The row of an ActionKit user, adding a blank one (status error until evaluated) when new."""
    row = get_akuser(integration_id, ak_id)
    if row is None:
        row = AkUser(integration_id=integration_id, ak_id=int(ak_id), status="error", reason="", base={})
        db.session.add(row)
    return row


def known_versions(integration_id, ak_ids):
    """{ak_id: (ak_updated_at, scanned_at)} for the given ids, so a fetch skips users it already processed."""
    if not ak_ids:
        return {}
    query = (db.select(AkUser.ak_id, AkUser.ak_updated_at, AkUser.scanned_at)
             .where(AkUser.integration_id == integration_id, AkUser.ak_id.in_([int(i) for i in ak_ids])))
    return {ak_id: (updated, scanned) for ak_id, updated, scanned in db.session.execute(query).all()}


def linked_user_for_member(member_id):
    """The ActionKit user linked to a member, or None."""
    return db.session.scalar(db.select(AkUser).filter_by(member_id=member_id))


def status_counts(integration_id):
    """{status: rows} for every status (zeros included), for the summary and the users tab."""
    query = (db.select(AkUser.status, db.func.count(AkUser.id))
             .where(AkUser.integration_id == integration_id).group_by(AkUser.status))
    counts = {status: 0 for status in USER_STATUSES}
    counts.update(dict(db.session.execute(query).all()))
    return counts


def count_rows(integration_id):
    """All scanned rows of the integration."""
    return db.session.scalar(db.select(db.func.count(AkUser.id)).where(AkUser.integration_id == integration_id))


def linked_member_count(integration_id):
    """Members linked to an ActionKit user."""
    query = db.select(db.func.count(AkUser.id)).where(AkUser.integration_id == integration_id,
                                                      AkUser.member_id.is_not(None))
    return db.session.scalar(query)
