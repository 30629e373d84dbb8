"""Benchmark the page-action webhook as deployed; prints figures (lost and duplicated must print 0).

    .venv/bin/python bench/webhook.py [--notices 5000] [--actions 500] [--users 1000] [--connections 8]
                                      [--latency-actions 40] [--text-actions 40] [--sqlite]

Real processes throughout: redis-server, PostgreSQL when installed (else a SQLite file), gunicorn as
the Procfile runs it, one `flask --app wsgi worker`, and aksandbox over HTTP.
1. `--actions` real actions are taken on a synced page (no webhook yet); `--notices` notices naming them
   (each about notices/actions times, shuffled) are posted concurrently, as aksandbox posts them
   (form-encoded): accepted req/s, p50/p99 answer latency, time until every action is stored and
   processed, and the lost (never stored) and duplicated (stored or joined twice) counts.
2. The page's webhook is pointed at gunicorn; members not in the page group yet take an action one
   after another: p50/p95 from the action POSTed to aksandbox to the member being in the page group.
3. A page automation (a one-message flow) is added on that page; subscribed linked members take an action
   one after another: p50/p95 from the action POSTed to aksandbox to the automation's text sent (the
   outbox provider). Target p95 <= 3 s; printed, never asserted.
"""
import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import webhook_checks as checks  # noqa: E402  (bench/ is on the path when this file runs)
from aksandbox.server import start_sandbox  # noqa: E402
from fault_procs import RedisServer, Workers  # noqa: E402
from webhook_load import percentile, post_all, post_all_elsewhere  # noqa: E402
from webhook_procs import Gunicorn, Postgres  # noqa: E402
from webhook_texts import action_to_text  # noqa: E402

SECRET, KEY = "bench-webhook", "S3lc4hXk3c3Dfd2nGkz6aYVq8jzJ5nQ1r9m0yZqk9s8="


def parse_args():
    """Sizes, concurrency and the database choice."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--actions", type=int, default=500, help="distinct actions the notices name")
    parser.add_argument("--users", type=int, default=1000, help="users seeded in aksandbox")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--latency-actions", type=int, default=40)
    parser.add_argument("--text-actions", type=int, default=40, help="actions timed to the automation's text")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite even when PostgreSQL is installed")
    return parser.parse_args()


def deployment_env(database_url, redis_url):
    """The environment gunicorn, the worker and this process share (as a deployment's config vars)."""
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": SECRET, "ENCRYPTION_KEY": KEY,
            "ACTIONKIT_ALLOW_INSECURE": "1", "ACTIONKIT_RECORDS_PER_MINUTE": "1000000",
            "KITBRIDGE_NAMESPACE": "benchwebhook", "SYNC_LOCK_LEASE_SECONDS": "30"}


def notice_bodies(actions, count):
    """`count` form bodies naming the actions, each several times, shuffled (aksandbox's fields)."""
    from urllib.parse import urlencode
    bodies = [urlencode({"action_id": a["id"], "page": a["page_name"], "user_id": a["user_id"], "akid": "",
                         "created_at": a["created_at"]}).encode() for a in actions]
    repeated = [bodies[index % len(bodies)] for index in range(count)]
    random.Random(5).shuffle(repeated)
    return repeated


def flood(args, setup, url, web):
    """Phase 1: post the notices concurrently, then wait until every action is stored and processed."""
    actions = checks.take_actions_in_sandbox(setup, args.actions)
    post_all(url, [f"action_id={2_000_000_000 + n}".encode() for n in range(300)], args.connections)  # warm-up:
    # forged ids (ActionKit has none), so gunicorn's workers have imported everything before the clock starts
    started, cpu_before = time.perf_counter(), web.cpu_seconds()
    results, wall = post_all_elsewhere(url, notice_bodies(actions, args.notices), args.connections)
    accepted = [seconds for status, seconds in results if status == 202]
    cpu_ms = (web.cpu_seconds() - cpu_before) * 1000 / max(len(results), 1)
    processed_after = checks.wait_processed(setup, [a["id"] for a in actions], started)
    lost, duplicated = checks.lost_and_duplicated(setup, actions)
    return {"posted": len(results), "accepted": len(accepted), "req/s": len(accepted) / wall,
            "p50 ms": percentile(accepted, 0.5) * 1000, "p99 ms": percentile(accepted, 0.99) * 1000,
            "gunicorn CPU ms/notice": cpu_ms, "req/s if gunicorn had both cores": 2000 / cpu_ms,
            "refused": sorted({status for status, _ in results if status != 202}, key=str),
            "processed after s": processed_after, "lost": lost, "duplicated": duplicated}


def action_to_group(args, setup, url):
    """Phase 2: the page's own webhook; seconds from each action posted to its member in the page group."""
    checks.point_webhook(setup, url)
    waits = [checks.act_and_wait(setup, user) for user in setup["reserved"][:args.latency_actions]]
    arrived = [w for w in waits if w is not None]
    return {"actions": len(waits), "arrived": len(arrived), "p50 s": percentile(arrived, 0.5),
            "p95 s": percentile(arrived, 0.95)}


def run(args, env, log_dir):
    """Set up the deployment, run both phases, stop the processes; returns the figures."""
    handle = start_sandbox(users=args.users, seed=11, records_per_minute=0)
    setup = checks.prepare(env, handle, args.latency_actions)
    web, workers = Gunicorn(env, log_dir / "gunicorn.log"), Workers(env, log_dir / "worker.log")
    workers.start()
    try:
        url = web.url + setup["path"]
        return {"web": " ".join(web.command), "flood": flood(args, setup, url, web),
                "to group": action_to_group(args, setup, url),
                "to text": action_to_text(setup, args.text_actions), "logs": str(log_dir)}
    finally:
        workers.stop_all()
        web.stop()
        handle.stop()


def report(figures, database):
    """Print the figures (no assertion: a benchmark informs, CI does not time it)."""
    print(f"database: {database}; web: {figures['web']}; logs in {figures['logs']}")
    flood_figures, group = figures["flood"], figures["to group"]
    print("notices: " + ", ".join(f"{key} {value:.1f}" if isinstance(value, float) else f"{key} {value}"
                                  for key, value in flood_figures.items()))
    print(f"action -> page group via the webhook: {group['arrived']}/{group['actions']} arrived, "
          f"p50 {group['p50 s']:.3f} s, p95 {group['p95 s']:.3f} s")
    text = figures["to text"]
    print(f"action -> automation's first text via the webhook: {text['arrived']}/{text['actions']} sent, "
          f"p50 {text['p50 s']:.3f} s, p95 {text['p95 s']:.3f} s (target p95 <= 3 s)")
    print(f"defects: lost {flood_figures['lost']}, duplicated {flood_figures['duplicated']}")


def main():
    """Start Redis and the database, run, print, stop."""
    args = parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="kb-webhook-"))
    redis, postgres = RedisServer(), None if args.sqlite else Postgres.start_if_installed()
    database_url = postgres.url if postgres else f"sqlite:///{log_dir / 'webhook.db'}"
    try:
        report(run(args, deployment_env(database_url, redis.url), log_dir),
               "PostgreSQL" if postgres else "SQLite")
    finally:
        redis.stop()
        if postgres is not None:
            postgres.stop()


if __name__ == "__main__":
    main()
