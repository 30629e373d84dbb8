"""Benchmark: aksandbox seed generation time and latency of a 100-user list page over HTTP.

Run: .venv/bin/python bench/aksandbox_serve.py [--users 20000] [--big 100000] [--requests 60]
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from aksandbox.server import start_sandbox  # noqa: E402


def timed_start(users):
    """Start a sandbox with `users` seeded users; returns (handle, seconds)."""
    began = time.perf_counter()
    handle = start_sandbox(users=users, seed=1, records_per_minute=0)
    return handle, time.perf_counter() - began


def measure(handle, path, count):
    """Latencies in ms of `count` GETs of `path` on one keep-alive session."""
    session = requests.Session()
    session.auth = handle.auth
    session.get(handle.url(path)).raise_for_status()
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        resp = session.get(handle.url(path))
        samples.append((time.perf_counter() - began) * 1000)
        assert resp.status_code == 200 and len(resp.json()["objects"]) == 100
    return samples


def report(label, samples):
    """Print median and p95 of a latency sample."""
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{label}: median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms over {len(ordered)} requests")


def main():
    """Time seeding and a 100-user list page, to check the emulator stays fast at realistic sizes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--big", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    handle, seconds = timed_start(args.users)
    print(f"seed {args.users} users: {seconds:.2f} s ({handle.store.counts()})")
    try:
        report("GET /rest/v1/user/?_limit=100 (offset 0)", measure(handle, "/rest/v1/user/?_limit=100", args.requests))
        deep = f"/rest/v1/user/?_limit=100&_offset={args.users // 2}&order_by=updated_at"
        report("GET /rest/v1/user/?_limit=100 (mid offset, order_by=updated_at)", measure(handle, deep, args.requests))
        report("GET /rest/v1/phone/?type=mobile&_limit=100", measure(handle, "/rest/v1/phone/?type=mobile&_limit=100",
                                                                      args.requests))
    finally:
        handle.stop()
    if args.big:
        big, seconds = timed_start(args.big)
        print(f"seed {args.big} users: {seconds:.2f} s")
        report(f"GET /rest/v1/user/?_limit=100 on {args.big} users",
               measure(big, "/rest/v1/user/?_limit=100&updated_at__gte=2024-01-01T00:00:00&order_by=updated_at",
                       args.requests))
        big.stop()


if __name__ == "__main__":
    main()
