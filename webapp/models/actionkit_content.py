"""Pages, actions and usergroups fetched from ActionKit, and the groups they feed."""
from sqlalchemy.orm import declared_attr, mapped_column

from webapp.extensions import db
from webapp.models.base import utcnow


class AkObjectMixin:
    """A copy of one ActionKit object: at most one row per (integration, ak_id), gone with its integration."""

    @declared_attr.directive
    def __table_args__(cls):
        """A fresh constraint per table (one shared object can't belong to two tables)."""
        return (db.UniqueConstraint("integration_id", "ak_id"),)

    # sort_order keeps these columns first, where the tables have always had them.
    id = mapped_column(db.Integer, primary_key=True, sort_order=-1)
    integration_id = mapped_column(db.Integer, db.ForeignKey("integration.id", ondelete="CASCADE"),
                                   nullable=False, index=True, sort_order=-1)
    ak_id = mapped_column(db.Integer, nullable=False, sort_order=-1)


class AkPage(AkObjectMixin, db.Model):
    """A fetched ActionKit page; syncing it feeds a member group."""

    name = db.Column(db.String(255), nullable=False, index=True)
    title = db.Column(db.String(255), nullable=False, default="")
    type = db.Column(db.String(32), nullable=False, default="")
    synced = db.Column(db.Boolean, nullable=False, default=False)
    synced_at = db.Column(db.DateTime)  # when staff last turned sync on (its backfill ran after it)
    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="SET NULL"))
    action_count = db.Column(db.Integer, nullable=False, default=0)  # stored actions once synced, else ActionKit's count
    actions_watermark = db.Column(db.DateTime)
    ak_created_at = db.Column(db.DateTime)
    ak_updated_at = db.Column(db.DateTime, index=True)
    fetched_at = db.Column(db.DateTime, nullable=False, default=utcnow)


ACTION_SOURCES = ("webhook", "poll", "backfill")
# pending: stored, not processed yet | added: member in the page group | skipped: not eligible (reason says why)
# | ignored: its page is not synced (recorded, never processed)
ACTION_OUTCOMES = ("pending", "added", "skipped", "ignored")


class AkAction(AkObjectMixin, db.Model):
    """One ActionKit action, deduped by its id, from the webhook, a poll or a backfill."""

    page_id = db.Column(db.Integer, db.ForeignKey("ak_page.id", ondelete="CASCADE"), index=True)
    page_ak_id = db.Column(db.Integer)  # ActionKit's page id, kept even when the page isn't stored
    ak_user_id = db.Column(db.Integer, index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    fields = db.Column(db.JSON, nullable=False, default=dict)
    source = db.Column(db.String(12), nullable=False, default="poll")  # ACTION_SOURCES: how it first arrived
    backfill = db.Column(db.Boolean, nullable=False, default=False)  # backfilled actions never fire automations
    outcome = db.Column(db.String(12), nullable=False, default="pending", index=True)  # ACTION_OUTCOMES
    reason = db.Column(db.Text, nullable=False, default="")  # why it was skipped or ignored
    fires_automations = db.Column(db.Boolean, nullable=False, default=False)  # a new, processed, non-backfill action
    ak_created_at = db.Column(db.DateTime, index=True)
    ak_updated_at = db.Column(db.DateTime)
    processed_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class AkUserGroup(AkObjectMixin, db.Model):
    """A fetched ActionKit usergroup; syncing it mirrors membership into a member group."""

    name = db.Column(db.String(255), nullable=False)
    synced = db.Column(db.Boolean, nullable=False, default=False)
    synced_at = db.Column(db.DateTime)
    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="SET NULL"))
    ak_created_at = db.Column(db.DateTime)
    ak_updated_at = db.Column(db.DateTime)
    fetched_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class ActionFieldGroup(db.Model):
    """Members whose actions carry an actionfield (optionally containing a value) join a group."""

    id = db.Column(db.Integer, primary_key=True)
    integration_id = db.Column(db.Integer, db.ForeignKey("integration.id", ondelete="CASCADE"),
                               nullable=False, index=True)
    name = db.Column(db.String(200), nullable=False)
    page_id = db.Column(db.Integer, db.ForeignKey("ak_page.id", ondelete="SET NULL"))
    field = db.Column(db.String(128), nullable=False)
    value = db.Column(db.String(255))
    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
