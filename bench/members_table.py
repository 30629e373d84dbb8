"""Benchmark: the member list at 200k members (first/deep keyset pages, search, sort, filters).

Seeds members in bulk (with groups and custom values), logs in, and times htmx table requests
through the Flask test client. Prints p50/p95 server time in ms per scenario.

Run: .venv/bin/python bench/members_table.py [--members 200000] [--requests 40]
     [--database-url postgresql+psycopg://user@host/db]   (the database is wiped and reseeded)
"""
import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlalchemy import insert  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import CustomField, Group, GroupMembership, Member, MemberFieldValue  # noqa: E402
from webapp.store.keyset import encode_cursor  # noqa: E402
from webapp.store.member_query import SORT_COLUMNS, SortOrder  # noqa: E402

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances", "John", "Mary",
         "Linus", "Margaret", "Dennis", "Radia", "Ken", "Hedy", "Tim", "Shafi", "Leslie", "Sophie"]
LAST = ["Smith", "Johnson", "Lee", "Garcia", "Nguyen", "Brown", "Lovelace", "Hopper", "Turing", "Knuth",
        "Liskov", "Hamilton", "Ritchie", "Perlman", "Thompson", "Lamarr", "Berners", "Goldwasser", "Wilson"]
DOMAINS = ["gmail.com", "example.org", "yahoo.com", "union.org", "campaign.net"]
PLACES = [("94103", "San Francisco", "CA"), ("10001", "New York", "NY"), ("02139", "Cambridge", "MA"),
          ("78701", "Austin", "TX"), ("60601", "Chicago", "IL"), (None, None, None)]
AREAS = ["212", "415", "617", "303", "512", "206", "312", "404", "305", "713"]
SOURCES = ["manual", "import", "actionkit", "actionkit", "sms"]


def member_row(i, rng, start):
    """One member's column values; ~8% blank names or emails, many updated_at ties."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    zip5, city, state = rng.choice(PLACES)
    rest = i // len(AREAS)
    return {"id": i + 1, "phone": f"+1{AREAS[i % len(AREAS)]}{200 + rest // 10000:03d}{rest % 10000:04d}",
            "email": None if rng.random() < 0.08 else f"{first}.{last}{i}@{rng.choice(DOMAINS)}".lower(),
            "first_name": None if rng.random() < 0.08 else first, "last_name": last, "city": city,
            "state": state, "zip": zip5, "subscribed": rng.random() < 0.8, "source": rng.choice(SOURCES),
            "created_at": start, "updated_at": start + timedelta(minutes=rng.randrange(100_000))}


def seed(count, batch=20_000):
    """Bulk-insert members, 3 custom fields (30% filled) and groups of 50%, 10% and 0.5%."""
    rng, start = random.Random(1), datetime(2025, 1, 1)
    fields = [CustomField(name=name) for name in ("Shirt size", "Team", "Employer")]
    groups = [Group(name=name) for name in ("Big", "Medium", "Small")]
    db.session.add_all(fields + groups)
    db.session.flush()
    shares = {groups[0].id: 0.5, groups[1].id: 0.1, groups[2].id: 0.005}
    for offset in range(0, count, batch):
        ids = range(offset, min(offset + batch, count))
        db.session.execute(insert(Member), [member_row(i, rng, start) for i in ids])
        db.session.execute(insert(GroupMembership), [
            {"group_id": gid, "member_id": i + 1} for i in ids for gid, share in shares.items() if rng.random() < share])
        db.session.execute(insert(MemberFieldValue), [
            {"member_id": i + 1, "field_id": f.id, "value": f"value {i % 97}"} for i in ids for f in fields
            if rng.random() < 0.3])
    db.session.commit()
    return groups


def timed(client, url, count):
    """Server time (ms) of `count` htmx GETs of url."""
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        response = client.get(url, headers={"HX-Request": "true"})
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def deep_urls(sort_text, count, rng):
    """List URLs whose cursor sits at random depths in the sort order."""
    sort = SortOrder.parse(sort_text)
    ids = [rng.randrange(1, db.session.scalar(db.select(db.func.max(Member.id))) + 1) for _ in range(count)]
    members = db.session.scalars(db.select(Member).where(Member.id.in_(ids))).all()
    return [f"/members/?sort={sort_text}&after={encode_cursor(m, sort.columns)}" for m in members]


def report(label, samples):
    """Print p50 and p95 of a latency sample."""
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]
    print(f"{label:<46} p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})")


def scenarios(groups):
    """(label, url) pairs for single-URL scenarios."""
    big, _, small = groups
    yield "list, first page (name)", "/members/"
    for key in SORT_COLUMNS:
        yield f"sort {key} asc, first page", f"/members/?sort={key}"
        yield f"sort {key} desc, first page", f"/members/?sort=-{key}"
    yield "search name 'hopper'", "/members/?q=hopper"
    yield "search full name 'grace hopper'", "/members/?q=grace+hopper"
    yield "search phone '(415) 201'", "/members/?q=%28415%29+201"
    yield "search phone, one match '617 2051234'", "/members/?q=617+2051234"
    yield "search email 'union.org'", "/members/?q=union.org"
    yield "search email, one match 'ada.smith42@'", "/members/?q=ada.smith42%40"
    yield "search, no match 'zzzz'", "/members/?q=zzzz"
    yield "filter source actionkit", "/members/?source=actionkit"
    yield "filter group Big (50%)", f"/members/?group={big.id}"
    yield "filter group Small (0.5%)", f"/members/?group={small.id}"
    yield "filter group Small + sort -updated", f"/members/?group={small.id}&sort=-updated"


def main():
    """Time the member list's query shapes on a large table, to catch slow sorts and filters."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='kb-members-bench-')}/members.db"
    import fakeredis
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False}, redis=fakeredis.FakeRedis())
    with app.app_context():
        db.drop_all()
        db.create_all()
        began = time.perf_counter()
        groups = seed(args.members)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")  # fresh statistics, as autovacuum would soon give
        print(f"{db.engine.dialect.name}: seeded {args.members} members in {time.perf_counter() - began:.1f} s")
        run(app, groups, args.requests)


def run(app, groups, count):
    """Log in, then time every scenario."""
    from webapp.cli.staff import create_or_update_admin
    create_or_update_admin("bench@example.org", "bench-password")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "bench-password"})
    for label, url in scenarios(groups):
        report(label, timed(client, url, count))
    rng = random.Random(2)
    for sort_text in ("name", "-name", "phone", "email", "-email", "location", "source", "-updated"):
        samples = [s for deep in deep_urls(sort_text, count, rng) for s in timed(client, deep, 1)]
        report(f"deep page via cursor, sort {sort_text}", samples)
    began = time.perf_counter()
    size = len(client.get("/members/export.csv").get_data())
    print(f"{'export.csv, all members':<46} {time.perf_counter() - began:7.1f} s    ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
