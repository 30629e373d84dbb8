"""Benchmark the initial sync and the idle cycle against aksandbox; prints figures (no asserts).

    .venv/bin/python bench/initial_sync.py [--users 20000] [--database-url postgresql+psycopg://...] [--big 0]

1. users/s of a first sync of N users with the rate limit off (SQLite; also the given database);
2. share of the allowed rate achieved with the limit on (records/min spent vs allowed);
3. records spent per synced user with the phone-first scan vs a full user scan, on a list
   where a third of the users have a phone;
4. HTTP requests an idle cycle makes at 20k and 100k users, with two pages synced (by endpoint: users,
   phones, pages, actions of every synced page in one read, userfields; no user-total count when idle).
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aksandbox.server import start_sandbox  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402


def make_app(rate_limit, records_per_minute=1000, database_url=None):
    """A fresh app on a temp SQLite file (or the given database, emptied first) and fakeredis."""
    import fakeredis
    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='kb-bench-')) / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "ACTIONKIT_ALLOW_INSECURE": True, "ACTIONKIT_RATE_LIMIT": rate_limit,
                      "ACTIONKIT_RECORDS_PER_MINUTE": records_per_minute},
                     redis=fakeredis.FakeRedis(server=fakeredis.FakeServer()))
    with app.app_context():
        if database_url:
            db.drop_all()
        db.create_all()
    return app


def activate(app, handle):
    """Connect, choose the opt-in field, activate and run the scan in-process; returns the run."""
    from jobs import sync
    from webapp.models import SyncRun
    with app.app_context():
        integration = sync.connect_instance(handle.base_url, *handle.auth)
        integration.opt_in_field = "sms_opt_in"
        db.session.commit()
        run_id = sync.activate(integration.id)
        db.session.commit()
        get_queue_empty(app)
        started = time.monotonic()
        sync.run_activation(run_id)
        elapsed = time.monotonic() - started
        run = db.session.get(SyncRun, run_id)
        summary = sync.status_summary()
        return {"elapsed": elapsed, "records": run.records_spent, "requests": run.counts.get("requests"),
                "synced": summary["users"]["synced"], "status": run.status, "error": run.error,
                "work": run.work_done}


def get_queue_empty(app):
    """We run the job in-process; drop the queued copy so nothing runs twice."""
    from webapp.queues import get_queue
    get_queue(app).empty()


def idle_requests(app, handle):
    """Requests made by a cycle after the first one settled (nothing changed in ActionKit), with the sandbox's
    own count per endpoint; two pages are synced first (their backfill marked done: the idle cost is the same)."""
    from jobs import sync
    from webapp.models import SyncRun
    app.config["SYNC_SETTLE_SECONDS"] = 2  # the next scheduled cycle comes 10 minutes later: all has settled
    with app.app_context():
        sync.run_cycle()  # fetches the pages (after a first sync they are already stored)
        _sync_two_pages()
        time.sleep(2.1)
        sync.run_cycle()
        before = _endpoint_counts(handle)
        run_id = sync.run_cycle()
        after = _endpoint_counts(handle)
        spent = {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}
        requests = db.session.get(SyncRun, run_id).counts.get("requests")
        return f"{requests} ({', '.join(f'{k}: {v}' for k, v in sorted(spent.items()))})"


def _sync_two_pages():
    """Mark the two non-import pages with the fewest actions synced, each with its group, backfill done."""
    from jobs.sync.page_sync import page_group
    from webapp.models import AkPage, utcnow
    from webapp.store.integration import get_integration
    pages = db.session.scalars(db.select(AkPage).where(AkPage.type != "Import")
                               .order_by(AkPage.action_count).limit(2)).all()
    for page in pages:
        page.synced, page.synced_at, page.actions_watermark = True, utcnow(), utcnow()
        page.group_id = page_group(page).id
    get_integration().actions_watermark = utcnow()
    db.session.commit()


def _endpoint_counts(handle):
    """The sandbox's requests by method and resource."""
    return dict(handle.state.stats.snapshot(0, handle.state.gate)["by_endpoint"])


def bench_speed(users, database_url=None):
    """[1] the first sync with the limit off, then [4] an idle cycle on the state it left."""
    handle = start_sandbox(users=users, seed=3, records_per_minute=0)
    try:
        app = make_app(rate_limit=False, database_url=database_url)
        result = activate(app, handle)
        engine = (database_url or "sqlite").split(":", 1)[0].split("+", 1)[0]
        print(f"[1] {engine}: first sync of {users} users, limit off: {result['elapsed']:.1f} s, "
              f"{users / result['elapsed']:.0f} users/s scanned ({result['synced']} synced, "
              f"{result['synced'] / result['elapsed']:.0f} synced users/s), {result['requests']} requests, "
              f"status {result['status']} {result['error'] or ''}")
        print(f"[4] {engine}: idle cycle at {users} users after that first sync: "
              f"{idle_requests(app, handle)} HTTP requests")
    finally:
        handle.stop()


def bench_rate_share(users, per_minute):
    handle = start_sandbox(users=users, seed=4, records_per_minute=per_minute)
    try:
        app = make_app(rate_limit=True, records_per_minute=per_minute)
        result = activate(app, handle)
        allowed = per_minute * result["elapsed"] / 60.0
        print(f"[2] limit on ({per_minute} records/min), {users} users: {result['records']} records in "
              f"{result['elapsed']:.1f} s = {100.0 * result['records'] / allowed:.0f}% of the allowed rate; "
              f"429s from the sandbox: {handle.state.stats.snapshot(0, handle.state.gate)['throttled']}")
    finally:
        handle.stop()


def bench_records_per_user(users):
    """A list where a third of users have a phone: phone-first scan vs a full scan (2 requests/100 users)."""
    handle = start_sandbox(users=users, seed=5, records_per_minute=0)
    try:
        _thin_phones(handle)
        app = make_app(rate_limit=False)
        result = activate(app, handle)
        full_scan = 2 * 100 * -(-users // 100)  # user pages + phone/?user__in= per page, at 100 records each
        ratio = full_scan / max(result["records"], 1)
        print(f"[3] {users} users, a third with a phone: phone-first spent {result['records']} records for "
              f"{result['synced']} synced users ({result['records'] / max(result['synced'], 1):.2f}/synced user); "
              f"a full scan spends {full_scan} ({full_scan / max(result['synced'], 1):.2f}/synced user): "
              f"{ratio:.1f}x fewer records")
    finally:
        handle.stop()


def _thin_phones(handle):
    """Keep phones only for every third user (ids divisible by 3)."""
    with handle.store.db.transaction() as conn:
        conn.conn.execute("DELETE FROM phones WHERE user_id % 3 != 0")


def bench_idle_only(users):
    """Idle-cycle cost at a size whose full first sync would take long here: the integration is set up
    as right after activation (import page, watermarks at "now"); what an idle cycle asks is the same."""
    from datetime import timedelta
    from jobs import sync
    from jobs.sync.activation import IMPORT_PAGE_NAME
    from webapp.models import utcnow
    handle = start_sandbox(users=users, seed=6, records_per_minute=0)
    try:
        app = make_app(rate_limit=False)
        with app.app_context():
            integration = sync.connect_instance(handle.base_url, *handle.auth)
            integration.opt_in_field, integration.sync_enabled = "sms_opt_in", True
            integration.import_page_name = IMPORT_PAGE_NAME
            integration.users_watermark = integration.phones_watermark = utcnow() - timedelta(minutes=5)
            db.session.commit()
        print(f"[4] idle cycle at {users} users (state prepared as right after activation: import page set, "
              f"watermarks 5 min ago; no first sync): {idle_requests(app, handle)} HTTP requests")
    finally:
        handle.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--rate-users", type=int, default=3000)
    parser.add_argument("--per-minute", type=int, default=6000)
    parser.add_argument("--big", type=int, default=100000, help="users for the large idle-cycle figure (0 skips)")
    parser.add_argument("--database-url", help="also run [1] on this database (its tables are dropped first)")
    parser.add_argument("--only-speed", action="store_true", help="run [1] and its idle cycle only")
    args = parser.parse_args()
    bench_speed(args.users)
    if args.database_url:
        bench_speed(args.users, args.database_url)
    if args.only_speed:
        return
    bench_rate_share(args.rate_users, args.per_minute)
    bench_records_per_user(min(args.users, 6000))
    if args.big:
        bench_idle_only(args.big)


if __name__ == "__main__":
    main()
