"""Benchmark the user sync under faults; prints figures and defect counts (each defect must print 0).

    .venv/bin/python bench/faults.py [--users 3000] [--edits 200] [--outage 60] [--database-url URL]
                                     [--redis-url URL]

Over real HTTP and real processes:
1. aksandbox with N users, 10% injected 5xx and a record budget tighter than the app's (so it answers 429);
2. the activation runs in a real forking worker that is SIGKILLed (worker and work horse) halfway; a new
   worker and the watchdog (run every 5 s here, every 30 s in production) resume it from its checkpoint;
3. staff edit `--edits` members; the cycle that pushes them loses ActionKit for `--outage` seconds mid-drain;
4. cycles run until the outbox is empty.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fault_checks as checks  # noqa: E402  (bench/ is on the path when this file runs)
from aksandbox.server import start_sandbox  # noqa: E402
from fault_procs import RedisServer, Workers, outage_in_background  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

APP_BUDGET, SANDBOX_BUDGET, WINDOW = 1000, 600, 10  # records per window: ActionKit is tighter than the app
SECRET, KEY = "bench-faults", "S3lc4hXk3c3Dfd2nGkz6aYVq8jzJ5nQ1r9m0yZqk9s8="


def parse_args():
    """Sizes and where the database and Redis live."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--outage", type=float, default=60.0, help="seconds ActionKit is down mid-drain")
    parser.add_argument("--database-url", help="PostgreSQL URL (emptied first); default a temp SQLite file")
    parser.add_argument("--redis-url", help="a real Redis (default: start redis-server on a free port)")
    return parser.parse_args()


def app_config(database_url, redis_url):
    """The settings the bench process and every worker process share (a deployment's environment)."""
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": SECRET, "ENCRYPTION_KEY": KEY,
            "ACTIONKIT_ALLOW_INSECURE": "1", "ACTIONKIT_RECORDS_PER_MINUTE": str(APP_BUDGET),
            "ACTIONKIT_RATE_WINDOW_SECONDS": str(WINDOW), "ACTIONKIT_RATE_LIMIT_PATIENCE": "300",
            "KITBRIDGE_NAMESPACE": "benchfaults", "SYNC_LOCK_LEASE_SECONDS": "15"}


def make_app(env):
    """This process's app on the shared database and Redis, with an empty schema."""
    from webapp.config import config_from_env
    config = config_from_env(tempfile.mkdtemp(prefix="kb-faults-"), env)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def activate(app, handle):
    """Connect, choose the opt-in field, make first name two-way, turn sync on; returns the run id."""
    from jobs import sync
    from webapp.store.integration_mappings import find_mapping, set_option
    with app.app_context():
        integration = sync.connect_instance(handle.base_url, *handle.auth)
        integration.opt_in_field = "sms_opt_in"
        set_option(find_mapping(integration, "first_name"), "two_way")
        db.session.commit()
        run_id = sync.activate(integration.id)
        db.session.commit()
        return run_id


def run_state(app, run_id):
    """(status, work done, work total, error) as committed now, after the watchdog had its look."""
    from jobs.maintenance import recover_runs
    from webapp.models import SyncRun
    with app.app_context():
        recover_runs()
        run = db.session.get(SyncRun, run_id)
        return run.status, run.work_done or 0, run.work_total or 0, run.error


def wait_until(app, run_id, done, timeout=1800):
    """Poll the run (running the watchdog every 5 s) until done(state) or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = run_state(app, run_id)
        if done(state):
            return state
        time.sleep(5)
    raise SystemExit(f"run {run_id} did not get there in {timeout} s: {state}")


def kill_halfway(app, workers, run_id):
    """Let the activation pass half its work, then SIGKILL its worker and start a fresh one."""
    first = workers.start()
    wait_until(app, run_id, lambda s: s[0] == "running" and s[2] and s[1] >= s[2] / 2)
    workers.kill(first)
    killed_at = time.monotonic()
    workers.start()
    wait_until(app, run_id, lambda s: s[0] not in ("queued", "running"))
    return time.monotonic() - killed_at


def edit_members(app, count):
    """Staff edit the first names of `count` linked members; returns their ActionKit ids."""
    from webapp.models import AkUser
    from webapp.store.members import update_member
    with app.app_context():
        rows = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id).limit(count))
        edited = []
        for index, row in enumerate(rows):
            update_member(row.member, {"first_name": f"Edited{index}"}, {}, actor="bench@example.org")
            edited.append(row.ak_id)
        db.session.commit()
        return edited


def sync_now(app):
    """Queue a cycle as "Sync now" does; returns its run id (None when one is already on its way)."""
    from jobs import sync
    with app.app_context():
        run_id = sync.start_cycle()
        db.session.commit()
        return run_id


def outbox(app):
    """{"pending": n, "failed": n} now."""
    from webapp.store.outbox import outbox_counts
    with app.app_context():
        return outbox_counts()


def drain_through_an_outage(app, handle, seconds, count):
    """Push the edits; once some went out, stop ActionKit for `seconds`; sync again until the outbox is empty."""
    from webapp.models import PushOutbox
    first = sync_now(app)
    with app.app_context():
        def sent():
            """Outbox rows sent so far (a fresh read)."""
            db.session.remove()
            return db.session.scalar(db.select(db.func.count(PushOutbox.id)).filter_by(status="sent"))
        baseline, deadline = sent(), time.monotonic() + 600
        while sent() < baseline + max(1, count // 10):
            if time.monotonic() > deadline:
                raise SystemExit("no push went out within 10 minutes: see the workers' log")
            time.sleep(0.2)
    outage_in_background(handle, seconds).join()
    wait_until(app, first, lambda s: s[0] not in ("queued", "running"))
    first_outcome = run_state(app, first)
    while outbox(app)["pending"]:
        run_id = sync_now(app)
        if run_id is not None:
            wait_until(app, run_id, lambda s: s[0] not in ("queued", "running"))
        time.sleep(2)
    return first_outcome


def linked_users(app):
    """{ak id: member phone} of synced rows."""
    from webapp.models import AkUser, Member
    with app.app_context():
        query = db.select(AkUser.ak_id, Member.phone).join(Member, Member.id == AkUser.member_id)
        return dict(db.session.execute(query.where(AkUser.status == "synced")).all())


def import_page(app):
    """The import page's id."""
    from webapp.models import Integration
    with app.app_context():
        return db.session.scalar(db.select(Integration.import_page_id))


def report(figures):
    """Print the figures, the defects last."""
    for label, value in figures:
        print(f"{label:<52} {value}")


def run(args, env):
    """The whole scenario; returns the figures to print."""
    app = make_app(env)
    handle = start_sandbox(users=args.users, seed=11, records_per_minute=SANDBOX_BUDGET, fail_rate=0.1,
                           window_seconds=WINDOW)
    reader = checks.SandboxReader(handle)
    reader.config(records_per_minute=0, fail_rate=0.0)  # the bench's own reads are not part of the scenario
    before = checks.opt_ins(reader)
    reader.reset()  # an empty rate window and zero counters: the figures below are the scenario's alone
    reader.config(records_per_minute=SANDBOX_BUDGET, fail_rate=0.1)
    workers = Workers(env, Path(tempfile.mkdtemp(prefix="kb-faults-")) / "workers.log")
    started = time.monotonic()
    try:
        run_id = activate(app, handle)
        recovery = kill_halfway(app, workers, run_id)
        activation = run_state(app, run_id)
        activated_in = time.monotonic() - started
        since = max([int(a["id"]) for a in reader.all("action", page=import_page(app))] or [0])
        edited = edit_members(app, args.edits)
        first_drain = drain_through_an_outage(app, handle, args.outage, len(edited))
        finished_in = time.monotonic() - started
    finally:
        workers.stop_all()
    return measure(app, reader, handle, before, edited, since, locals())


def measure(app, reader, handle, before, edited, since, seen):
    """Read both sides after the scenario (faults and budget off: reading is not part of it) into figures."""
    stats = reader.get("/_sandbox/stats")
    reader.config(records_per_minute=0, fail_rate=0.0)
    expected, linked = checks.expected_links(reader), linked_users(app)
    count, wrong = checks.link_defects(expected, linked)
    pushes = checks.pushes_per_user(reader, import_page(app), seen["since"])
    return [("users in ActionKit", len(before)),
            ("activation (killed halfway, resumed): status / seconds", f"{seen['activation'][0]} / "
             f"{seen['activated_in']:.0f}"),
            ("  from SIGKILL to the resumed run's end (s)", f"{seen['recovery']:.0f}"),
            ("drain that lost ActionKit: status", f"{seen['first_drain'][0]}: {(seen['first_drain'][3] or '')[:70]}"),
            ("completion time, everything (s)", f"{seen['finished_in']:.0f}"),
            ("users linked / expected", f"{count} / {len(expected)}"),
            ("edits made / pushes sent for them", f"{len(edited)} / {sum(pushes.get(i, 0) for i in edited)}"),
            ("sandbox answers: 429s / injected 5xx", f"{stats['throttled']} / "
             f"{sum(n for code, n in stats['by_status'].items() if code.startswith('5'))}"),
            ("DEFECT duplicate or wrong members", wrong),
            ("DEFECT duplicate pushes", checks.duplicate_pushes(pushes, edited)),
            ("DEFECT edits that never reached ActionKit", sum(1 for i in edited if not pushes.get(i))),
            ("DEFECT recognized opt-in values changed in ActionKit",
             checks.recognized_changed(before, checks.opt_ins(reader)))]


def main():
    """Set up Redis and the database, run the scenario, print."""
    args = parse_args()
    redis = None if args.redis_url else RedisServer()
    database_url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='kb-faults-')) / 'faults.db'}"
    try:
        report(run(args, app_config(database_url, args.redis_url or redis.url)))
    finally:
        if redis is not None:
            redis.stop()


if __name__ == "__main__":
    main()
