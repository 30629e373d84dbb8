"""The ActionKit connection, its field mappings, scanned users and the sync ledger."""
from webapp.extensions import db
from webapp.models.base import TimestampMixin, utcnow

USER_STATUSES = ("synced", "no_phone", "invalid_phone", "no_opt_in", "duplicate_phone", "error")


class Integration(TimestampMixin, db.Model):
    """One connected ActionKit instance with its settings and fetch watermarks."""

    id = db.Column(db.Integer, primary_key=True)
    hostname = db.Column(db.String(255), nullable=False)
    username = db.Column(db.String(255), nullable=False, default="")
    password_encrypted = db.Column(db.Text)  # Fernet token; erased on deactivation
    opt_in_field = db.Column(db.String(128))
    phone_types = db.Column(db.String(64), nullable=False, default="mobile,work,home")
    create_users = db.Column(db.Boolean, nullable=False, default=False)
    sync_enabled = db.Column(db.Boolean, nullable=False, default=False)
    webhook_token = db.Column(db.String(64), unique=True)
    import_page_name = db.Column(db.String(128))
    import_page_id = db.Column(db.Integer)
    users_watermark = db.Column(db.DateTime)
    phones_watermark = db.Column(db.DateTime)
    pages_watermark = db.Column(db.DateTime)
    actions_watermark = db.Column(db.DateTime)  # actions of synced pages, by updated_at
    usergroups_watermark = db.Column(db.DateTime)
    activated_at = db.Column(db.DateTime)
    # The instance's allowed userfield names as last fetched (connect, each cycle, "Refresh"), so pages
    # that offer them never wait on ActionKit; NULL until the first fetch.
    allowed_userfields = db.Column(db.JSON)
    allowed_userfields_fetched_at = db.Column(db.DateTime)
    allowed_userfields_error = db.Column(db.Text)  # why the last refresh failed; cleared by the next success

    @property
    def phone_type_list(self):
        """Phone types in preference order as a list."""
        return [t for t in (self.phone_types or "").split(",") if t]

    @property
    def userfield_names(self):
        """The stored allowed userfields as a list ([] before the first fetch)."""
        return list(self.allowed_userfields or [])


class FieldMapping(TimestampMixin, db.Model):
    """Maps a member field (core name or custom field) to an ActionKit field with a sync option."""

    __table_args__ = (db.UniqueConstraint("integration_id", "member_field", "custom_field_id"),)

    id = db.Column(db.Integer, primary_key=True)
    integration_id = db.Column(db.Integer, db.ForeignKey("integration.id", ondelete="CASCADE"),
                               nullable=False, index=True)
    member_field = db.Column(db.String(64))  # core field name; NULL for custom fields
    custom_field_id = db.Column(db.Integer, db.ForeignKey("custom_field.id", ondelete="CASCADE"))
    ak_field = db.Column(db.String(128), nullable=False)
    is_userfield = db.Column(db.Boolean, nullable=False, default=False)
    option = db.Column(db.String(40), nullable=False)

    custom_field = db.relationship("CustomField", lazy="joined")


class AkUser(db.Model):
    """Every ActionKit user scanned, with its sync status, member link and base snapshot."""

    __table_args__ = (db.UniqueConstraint("integration_id", "ak_id"),)

    id = db.Column(db.Integer, primary_key=True)
    integration_id = db.Column(db.Integer, db.ForeignKey("integration.id", ondelete="CASCADE"),
                               nullable=False, index=True)
    ak_id = db.Column(db.Integer, nullable=False, index=True)
    email = db.Column(db.String(254), index=True)
    first_name = db.Column(db.String(100))
    last_name = db.Column(db.String(100))
    phone_raw = db.Column(db.String(64))
    phone_type = db.Column(db.String(16))
    phone_e164 = db.Column(db.String(20), index=True)
    opt_in_raw = db.Column(db.String(255))
    status = db.Column(db.String(20), nullable=False, index=True)
    reason = db.Column(db.Text, nullable=False, default="")
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), unique=True)
    base = db.Column(db.JSON, nullable=False, default=dict)  # last agreed value per field
    ak_updated_at = db.Column(db.DateTime)
    scanned_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow, index=True)

    member = db.relationship("Member")


class SyncRun(db.Model):
    """One job run (activation scan, cycle, push, backfill) with durable progress."""

    id = db.Column(db.Integer, primary_key=True)
    integration_id = db.Column(db.Integer, db.ForeignKey("integration.id", ondelete="CASCADE"), index=True)
    kind = db.Column(db.String(20), nullable=False)  # activation | cycle | push | backfill
    status = db.Column(db.String(12), nullable=False, default="queued", index=True)
    work_total = db.Column(db.Integer, nullable=False, default=0)
    work_done = db.Column(db.Integer, nullable=False, default=0)
    records_spent = db.Column(db.Integer, nullable=False, default=0)
    counts = db.Column(db.JSON, nullable=False, default=dict)
    error = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    started_at = db.Column(db.DateTime)
    finished_at = db.Column(db.DateTime)


class SyncEvent(db.Model):
    """The per-record ledger: every change synced in either direction, and why."""

    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(db.Integer, db.ForeignKey("sync_run.id", ondelete="SET NULL"), index=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    direction = db.Column(db.String(16), nullable=False)  # to_member | to_actionkit
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    ak_user_id = db.Column(db.Integer, index=True)  # ActionKit's user id
    field = db.Column(db.String(128), nullable=False)
    old_value = db.Column(db.Text)
    new_value = db.Column(db.Text)
    rule = db.Column(db.String(128), nullable=False, default="")
    source = db.Column(db.String(24), nullable=False, default="")  # actionkit | staff | sms | creation
    outcome = db.Column(db.String(16), nullable=False, default="applied")


class PushOutbox(TimestampMixin, db.Model):
    """A member change waiting to go to ActionKit; survives crashes and outages."""

    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    ak_user_id = db.Column(db.Integer)  # NULL = create the user
    changes = db.Column(db.JSON, nullable=False, default=dict)  # member field -> new value
    former = db.Column(db.JSON)  # previous ActionKit values for existing users
    source = db.Column(db.String(24), nullable=False, default="staff")
    status = db.Column(db.String(12), nullable=False, default="pending", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.Text)
    sent_at = db.Column(db.DateTime)
