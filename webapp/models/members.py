"""The member side: members, their custom text fields, groups and the group change log."""
from sqlalchemy import DDL, event, func

from webapp.extensions import db
from webapp.models.base import TimestampMixin, utcnow

TRGM_OPS = "gin_trgm_ops"
# The member's own columns staff and the sync write (a custom field may not take one of these names).
MEMBER_FIELDS = ("first_name", "last_name", "phone", "email", "city", "state", "zip", "subscribed", "source")


def _trigram_index(column):
    """PostgreSQL GIN trigram index on lower(column): '%x%' LIKE search without a full scan.
    An expression index, so alembic skips it on SQLite, where ddl_if keeps it from being built."""
    key = f"{column}_lower"
    expression = func.lower(db.column(column)).label(key)
    return db.Index(f"ix_member_{column}_trgm", expression, postgresql_using="gin",
                    postgresql_ops={key: TRGM_OPS}).ddl_if(dialect="postgresql")


MEMBER_SOURCES = ("manual", "import", "actionkit", "sms")
PRIMARY_KIND, PRIMARY_GROUP_NAME = "actionkit_primary", "ActionKit Integration"
GROUP_KINDS = ("manual", "actionkit_primary", "actionkit_page", "actionfield", "actionkit_usergroup")


class Member(TimestampMixin, db.Model):
    """A person who can be texted; phone (E.164) is the identity key."""

    # Keyset pages of the member list sorted by name or city/state (measured: bench/members_table.py).
    __table_args__ = (db.Index("ix_member_name_sort", "last_name", "first_name", "id"),
                      db.Index("ix_member_location_sort", "state", "city", "id"),
                      db.Index("ix_member_source_sort", "source", "id"),
                      # Search as you type: the exact expressions webapp/store/member_query.py tests with LIKE.
                      _trigram_index("first_name"), _trigram_index("last_name"), _trigram_index("email"),
                      _trigram_index("phone"))

    id = db.Column(db.Integer, primary_key=True)
    phone = db.Column(db.String(20), nullable=False, unique=True)
    email = db.Column(db.String(254), index=True)
    first_name = db.Column(db.String(100), index=True)
    last_name = db.Column(db.String(100), index=True)
    city = db.Column(db.String(100))
    state = db.Column(db.String(2))
    zip = db.Column(db.String(5))
    subscribed = db.Column(db.Boolean, nullable=False, default=False)
    source = db.Column(db.String(20), nullable=False, default="manual", index=True)

    field_values = db.relationship("MemberFieldValue", cascade="all, delete-orphan",
                                   back_populates="member", lazy="selectin")

    @property
    def full_name(self):
        """Display name for tables and logs."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class CustomField(TimestampMixin, db.Model):
    """A staff-defined text field on members (syncable to an ActionKit userfield)."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(64), nullable=False, unique=True)


class MemberFieldValue(db.Model):
    """One member's value for one custom field (absent row = blank)."""

    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)
    field_id = db.Column(db.Integer, db.ForeignKey("custom_field.id", ondelete="CASCADE"),
                         primary_key=True, index=True)
    value = db.Column(db.Text, nullable=False, default="")

    member = db.relationship("Member", back_populates="field_values")
    field = db.relationship("CustomField", lazy="joined")


class Group(TimestampMixin, db.Model):
    """A named set of members; integration kinds may refuse deletion while synced."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, unique=True)
    kind = db.Column(db.String(24), nullable=False, default="manual", index=True)


class GroupMembership(db.Model):
    """Membership of a member in a group."""

    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="CASCADE"), primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"),
                          primary_key=True, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class GroupChange(db.Model):
    """Who joined or left a group, when and by whose hand (kept after a member is deleted)."""

    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("group.id", ondelete="CASCADE"), nullable=False, index=True)
    member_id = db.Column(db.Integer, index=True)
    member_label = db.Column(db.String(200), nullable=False, default="")
    action = db.Column(db.String(8), nullable=False)  # joined | left
    actor = db.Column(db.String(254), nullable=False, default="")
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)


# The trigram operator class comes from pg_trgm, which must exist before create_all() builds the indexes.
event.listen(db.metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
