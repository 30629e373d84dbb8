"""What every sync step needs at hand: the integration, its field maps, the run and the client."""
from dataclasses import dataclass, field

from webapp.actionkit import parse_ak_datetime
from webapp.rules.phones import DEFAULT_PHONE_TYPES
from webapp.store.groups import primary_group
from webapp.store.integration_mappings import field_maps



@dataclass
class SyncContext:
    """One job's view of the integration; rebuilt per job, never stored."""

    integration: object
    maps: list
    run: object = None
    client: object = None
    source: str = "actionkit"
    stats: dict = field(default_factory=dict)
    batch: object = None  # the UserBatch being linked (jobs.sync.users.link_users)
    writes: object = None  # its BatchWrites
    lock: object = None  # the lease this job holds (checkpoints stop when it is lost)
    dry_run: bool = False  # a preview: linking never commits or rolls back (the preview undoes it all)

    @classmethod
    def load(cls, integration, run=None, client=None):
        """Build a context from the integration row (mappings read once per job)."""
        return cls(integration, field_maps(integration), run, client)

    @property
    def integration_id(self):
        """The integration's id, for queries."""
        return self.integration.id

    @property
    def run_id(self):
        """The run's id for ledger rows (None outside a run)."""
        return self.run.id if self.run is not None else None

    @property
    def opt_in_field(self):
        """The userfield holding consent."""
        return self.integration.opt_in_field

    @property
    def phone_types(self):
        """The chosen phone types, or the defaults when none is chosen."""
        return self.integration.phone_type_list or list(DEFAULT_PHONE_TYPES)

    def primary_group(self):
        """The primary group, looked up once per job."""
        if "primary_group" not in self.stats:
            self.stats["primary_group"] = primary_group()
        return self.stats["primary_group"]

    def ak_field_of(self, member_key):
        """The ActionKit field a member key maps to, or None when unmapped."""
        return next((m.ak_field for m in self.maps if m.member_field == member_key), None)

    def member_key_of(self, ak_field):
        """The member key an ActionKit field maps to, or None."""
        return next((m.member_field for m in self.maps if m.ak_field == ak_field), None)


def ak_time(value):
    """An ActionKit timestamp as naive UTC, comparable with our columns."""
    parsed = parse_ak_datetime(value)
    return parsed.replace(tzinfo=None) if parsed is not None else None
