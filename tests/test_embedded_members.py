"""Embedded mode's seeded member list: overlaps the sandbox as described, deterministic, seeded once."""
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from aksandbox.server import start_sandbox
from tests.conftest import _empty_tables, build_app
from tests.sync_jobs.conftest import Raw
from tests.sync_jobs.expect import user_id_of
from webapp.devseed import seed_members
from webapp.extensions import db
from webapp.models import Group, GroupMembership, Integration, Member
from webapp.rules import evaluate_user, normalize_phone, normalize_zip, parse_opt_in

SANDBOX_USERS = 2000  # the embedded mode's default, seed 1 as it starts the sandbox
OPT_IN = "sms_opt_in"
ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {"alike": 40, "other_name": 25, "other_zip": 20, "opted_out_here": 20, "opted_in_here": 15,
            "member_only": 180}


@pytest.fixture(scope="module")
def sandbox():
    handle = start_sandbox(users=SANDBOX_USERS, seed=1, records_per_minute=0)
    yield handle
    handle.stop()


@pytest.fixture
def app():
    """A test app built the way the embedded mode builds its own (the seeding flag set)."""
    app = build_app(KITBRIDGE_EMBEDDED=True)
    with app.app_context():
        yield app
        _empty_tables()


def snapshot():
    """Every member's values and manual groups, in phone order."""
    groups = {}
    for membership, name in db.session.execute(db.select(GroupMembership, Group.name).join(Group)):
        groups.setdefault(membership.member_id, []).append(name)
    members = db.session.scalars(db.select(Member).order_by(Member.phone))
    return [(m.phone, m.first_name, m.last_name, m.email, m.city, m.state, m.zip, m.subscribed, m.source,
             sorted(groups.get(m.id, []))) for m in members]


def linkable_users(raw):
    """{E.164: user} for users the sync would link, from the sandbox's REST API (independent of devseed)."""
    phones, holders = {}, Counter()
    for phone in raw.all("phone"):
        phones.setdefault(user_id_of(phone), []).append(phone)
    for user_id, rows in phones.items():
        holders.update({normalize_phone(row["phone"]) for row in rows} - {None})
    linkable = {}
    for user in raw.all("user"):
        verdict = evaluate_user(user, phones.get(user["id"], []), OPT_IN)
        if verdict.eligible and holders[verdict.phone.e164] == 1:
            linkable[verdict.phone.e164] = user
    return linkable, set(holders)


def category(member, user):
    """How a member differs from the user sharing its phone (exactly one way, or alike)."""
    ak_opt_in = parse_opt_in(user["fields"].get(OPT_IN)).as_bool()
    differences = [name for name, differs in (
        ("other_name", (member.first_name, member.last_name) != (user["first_name"], user["last_name"])),
        ("other_zip", (member.zip or "") != user["zip"][:5]),
        ("opted_out_here", ak_opt_in and not member.subscribed),
        ("opted_in_here", ak_opt_in is False and member.subscribed)) if differs]
    assert len(differences) <= 1 and ak_opt_in is not None and member.email == user["email"], member.phone
    return differences[0] if differences else "alike"


def test_seeded_members_overlap_the_sandbox_by_category(app, sandbox):
    report = seed_members(app, sandbox.store, OPT_IN)
    assert dict(report.categories) == EXPECTED and report.overlapping == 120
    linkable, sandbox_numbers = linkable_users(Raw(sandbox))
    found = Counter()
    for member in db.session.scalars(db.select(Member)):
        assert normalize_phone(member.phone) == member.phone and member.source in ("manual", "import")
        assert member.zip is None or normalize_zip(member.zip).zip5 == member.zip
        if member.phone in linkable:
            found[category(member, linkable[member.phone])] += 1
        else:
            assert member.phone not in sandbox_numbers  # an unused number, not a user's second phone
            found["member_only"] += 1
    assert dict(found) == EXPECTED


def test_seeded_groups_are_manual_and_filled(app, sandbox):
    report = seed_members(app, sandbox.store, OPT_IN)
    counts = dict(db.session.execute(db.select(Group.name, db.func.count(GroupMembership.member_id))
                                     .join(GroupMembership).where(Group.kind == "manual").group_by(Group.name)).all())
    assert counts == {"Volunteers": 48, "Phone bank team": 24} and report.groups == sorted(counts)


def test_seeding_is_deterministic(app, sandbox):
    seed_members(app, sandbox.store, OPT_IN)
    first = snapshot()
    _empty_tables()
    with start_sandbox(users=SANDBOX_USERS, seed=1) as again:
        seed_members(app, again.store, OPT_IN)
    assert snapshot() == first and len(first) == 300


PLAN_DIGEST = """
import hashlib, json
from aksandbox.server import start_sandbox
from webapp.devseed.plan import plan_members
from webapp.devseed.sandbox_people import read_sandbox
with start_sandbox(users=%d, seed=1) as handle:
    planned = plan_members(*read_sandbox(handle.store, "sms_opt_in"))
print(hashlib.sha256(json.dumps([(p.category, p.values, p.groups) for p in planned]).encode()).hexdigest())
""" % SANDBOX_USERS


def test_plan_does_not_depend_on_hash_randomization():
    def digest(hash_seed):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run([sys.executable, "-c", PLAN_DIGEST], capture_output=True, text=True, env=env,
                                cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()
    assert digest("1") == digest("2")


def test_nothing_is_seeded_outside_the_embedded_mode(sandbox):
    app = build_app()
    with app.app_context():
        try:
            assert seed_members(app, sandbox.store, OPT_IN).seeded == 0
            assert db.session.scalar(db.select(db.func.count(Member.id))) == 0
        finally:
            _empty_tables()


def test_nothing_is_seeded_once_an_instance_was_connected(app, sandbox):
    db.session.add(Integration(hostname=sandbox.base_url, username="someone"))
    db.session.commit()
    assert seed_members(app, sandbox.store, OPT_IN).seeded == 0
    assert db.session.scalar(db.select(db.func.count(Member.id))) == 0
