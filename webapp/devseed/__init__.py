"""Dev-only: seed the embedded mode's empty member list so it overlaps the sandbox's users.

Only webapp.embedded imports this package (production code never does), and seeding refuses to
run unless the app was built by the embedded mode.
"""
from collections import Counter
from dataclasses import dataclass, field

from webapp.extensions import db
from webapp.models import Integration, Member
from webapp.store.groups import create_group
from webapp.store.members import create_member, find_group_by_name
from webapp.store.memberships import add_member_to_group

from webapp.devseed.plan import MEMBER_ONLY, OPTED_IN_HERE, OPTED_OUT_HERE, OTHER_NAME, OTHER_ZIP, plan_members
from webapp.devseed.sandbox_people import read_sandbox

EMBEDDED_FLAG = "KITBRIDGE_EMBEDDED"
ACTOR = "embedded-mode seed"


@dataclass
class SeedReport:
    """How many members were seeded, by category (empty when the list already had members)."""

    categories: Counter = field(default_factory=Counter)
    groups: list = field(default_factory=list)

    @property
    def seeded(self):
        """Members created by this start-up."""
        return sum(self.categories.values())

    @property
    def overlapping(self):
        """Seeded members sharing a phone with a sandbox user."""
        return self.seeded - self.categories[MEMBER_ONLY]

    def describe(self):
        """Two lines for the start-up banner, naming what a first sync will meet."""
        kinds = self.categories
        return [f"seeded {self.seeded} members; {self.overlapping} share a phone with sandbox users "
                f"({kinds[OTHER_NAME]} other names, {kinds[OTHER_ZIP]} other zips,",
                f"{kinds[OPTED_OUT_HERE] + kinds[OPTED_IN_HERE]} other opt-ins), {kinds[MEMBER_ONLY]} only here; "
                f"manual groups: {', '.join(self.groups)}"]


def untouched():
    """True while nobody has used the member list or connected: seeding then changes nothing of theirs."""
    has_member = db.session.scalar(db.select(Member.id).limit(1)) is not None
    has_integration = db.session.scalar(db.select(Integration.id).limit(1)) is not None
    return not has_member and not has_integration


def write_members(planned):
    """Create the planned members and their manual group joins through the member store."""
    groups = {}
    for plan in planned:
        member = create_member(plan.values, {}, ACTOR, source="import")
        for name in plan.groups:
            if name not in groups:
                groups[name] = find_group_by_name(name) or create_group(name)
            add_member_to_group(groups[name], member, ACTOR)
    return sorted(groups)


def seed_members(app, sandbox_store, opt_in_field):
    """Seed the member list from the sandbox when it is empty; returns a SeedReport (empty if not)."""
    report = SeedReport()
    if not app.config.get(EMBEDDED_FLAG):
        return report
    with app.app_context():
        if not untouched():
            return report
        people, numbers = read_sandbox(sandbox_store, opt_in_field)
        planned = plan_members(people, numbers)
        report.groups = write_members(planned)
        db.session.commit()
    report.categories.update(plan.category for plan in planned)
    return report
