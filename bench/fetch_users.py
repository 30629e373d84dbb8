"""Benchmark: users+phones per second for our ActionKit client vs a bare requests loop, and how much
of a records-per-minute budget the shared limiter actually lets us use.

    .venv/bin/python bench/fetch_users.py [--users 20000] [--duration 60] [--budget 30000] [--redis-url URL]

Part 1 (sandbox limit off): full scans of users + phones, --rounds interleaved rounds after a warm-up
(median and best), for
  - ours:  ActionKitClient.iter_users_with_phones() (pages of 100 users + a batched phone/?user__in= per page),
  - plain: a bare requests.Session loop doing the same requests (user/?_limit=100&order_by=updated_at, then
           phone/?user__in=<the page's ids>&_limit=100, both following meta.next) with no limiter,
           no retries, no error typing and no grouping of phones by user.
Part 2 (sandbox limit on at --budget records/min, our limiter at the same budget): scan for --duration seconds
and print the share of the allowed records/min that was charged, what the sandbox counted, and any 429s.
"""
import argparse
import math
import os
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from aksandbox.server import start_sandbox  # noqa: E402
from webapp.actionkit import ActionKitClient, RecordLimiter  # noqa: E402

AUTH = ("bench", "bench-pass")


class DeadlineReached(Exception):
    """The timed run is over; raised instead of charging records after the deadline."""


class DeadlineLimiter(RecordLimiter):
    """A RecordLimiter that refuses to charge after the deadline, so every counted record fell inside it."""

    deadline = float("inf")
    blocked_seconds = 0.0

    def acquire(self, cost=1):
        """Time spent blocked, including a wait cut short by the deadline."""
        started = time.monotonic()
        try:
            return super().acquire(cost)
        finally:
            self.blocked_seconds += time.monotonic() - started

    def try_acquire(self, cost=1):
        """Charge only before the deadline."""
        if time.monotonic() >= self.deadline:
            raise DeadlineReached()
        return super().try_acquire(cost)


def parse_args(argv=None):
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=4, help="full scans per contender in part 1")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the limited run (part 2)")
    parser.add_argument("--budget", type=int, default=30000, help="records/min on sandbox and limiter (part 2)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"),
                        help="real Redis for the limiter (default: in-process fakeredis)")
    return parser.parse_args(argv)


def plain_scan(base_url):
    """The baseline loop described in the module docstring; returns (users, phones)."""
    session = requests.Session()
    session.auth = AUTH
    users = phones = 0
    url = f"{base_url}/rest/v1/user/?_limit=100&order_by=updated_at"
    while url:
        page = session.get(url, timeout=30).json()
        ids = ",".join(str(user["id"]) for user in page["objects"])
        users += len(page["objects"])
        phone_url = f"{base_url}/rest/v1/phone/?_limit=100&order_by=id&user__in={ids}"
        while phone_url:
            phone_page = session.get(phone_url, timeout=30).json()
            phones += len(phone_page["objects"])
            phone_url = base_url + phone_page["meta"]["next"] if phone_page["meta"]["next"] else None
        url = base_url + page["meta"]["next"] if page["meta"]["next"] else None
    return users, phones


def client_scan(client, deadline=None):
    """Our client's scan; returns (users, phones), stopping quietly at the limiter's deadline."""
    users = phones = 0
    try:
        for _user, user_phones in client.iter_users_with_phones():
            users += 1
            phones += len(user_phones)
    except DeadlineReached:
        pass
    return users, phones


def timed_round(label, round_no, scan):
    """Run one scan, print it, return users/s."""
    started = time.perf_counter()
    users, phones = scan()
    elapsed = time.perf_counter() - started
    print(f"  {label:<6} round {round_no}: {users} users + {phones} phones in {elapsed:6.2f} s "
          f"= {users / elapsed:8.0f} users/s")
    return users / elapsed


def part_one(handle, rounds):
    """Unlimited throughput: ours vs plain, interleaved rounds so machine noise hits both alike."""
    print(f"\n[1] Full scan of users + phones, sandbox limit OFF ({handle.base_url})")
    scans = {"ours": lambda: client_scan(ActionKitClient(handle.base_url, *AUTH)),
             "plain": lambda: plain_scan(handle.base_url)}
    plain_scan(handle.base_url)  # untimed warm-up: SQLite page cache, lazy imports
    rates = {"ours": [], "plain": []}
    for round_no in range(1, rounds + 1):
        order = ("ours", "plain") if round_no % 2 else ("plain", "ours")  # neither always goes first
        for name in order:
            rates[name].append(timed_round(name, round_no, scans[name]))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, values in rates.items():
        print(f"  => {name:<5} median {medians[name]:6.0f} users/s, best {max(values):6.0f} users/s")
    print(f"  => ours / plain = {medians['ours'] / medians['plain']:.2f} (medians), "
          f"{max(rates['ours']) / max(rates['plain']):.2f} (bests)")


def redis_client(url):
    """The limiter's Redis: real when a URL is given, else an in-process fakeredis."""
    if url:
        import redis
        return redis.Redis.from_url(url), url
    import fakeredis
    return fakeredis.FakeRedis(), "fakeredis (in-process)"


def part_two(handle, budget, duration, redis_url):
    """Limited run: share of the budget the shared limiter lets us spend."""
    redis, where = redis_client(redis_url)
    print(f"\n[2] Limit ON: {budget} records/min on the sandbox and on our limiter (Redis: {where}), {duration:.0f} s")
    requests.patch(handle.url("/_sandbox/config"), json={"records_per_minute": budget}, auth=AUTH).raise_for_status()
    requests.post(handle.url("/_sandbox/reset"), auth=AUTH).raise_for_status()
    limiter = DeadlineLimiter.redis(redis, f"bench-{time.time_ns()}", budget)
    client = ActionKitClient(handle.base_url, *AUTH, limiter=limiter)
    started = time.monotonic()
    limiter.deadline = started + duration
    users, phones = 0, 0
    while time.monotonic() < limiter.deadline:
        scanned = client_scan(client)
        users, phones = users + scanned[0], phones + scanned[1]
    stats = requests.get(handle.url("/_sandbox/stats"), auth=AUTH).json()
    windows = math.ceil(duration / 60.0)  # a moving window starting empty admits one full budget per 60 s
    allowed = budget * windows
    print(f"  users {users}, phones {phones}, requests {client.requests_made}, retries {client.retries}, "
          f"blocked in the limiter {limiter.blocked_seconds:.1f} s of {duration:.0f} s")
    print(f"  allowed in {duration:.0f} s                 : {allowed:7d} records ({windows} x {budget}/min window)")
    print(f"  records charged by our limiter : {client.records_spent:7d} = {client.records_spent / allowed:6.1%} "
          f"of allowed  ({client.records_spent * 60 / duration:.0f} records/min average)")
    print(f"  records counted by the sandbox : {stats['records']:7d} = {stats['records'] / allowed:6.1%} "
          f"of allowed  (records returned; we charge _limit, tail pages exactly)")
    print(f"  429 answers from the sandbox   : {stats['throttled']:7d}")


def main(argv=None):
    """Start a seeded sandbox, run both parts, stop it."""
    args = parse_args(argv)
    started = time.perf_counter()
    handle = start_sandbox(users=args.users, seed=args.seed, records_per_minute=0,
                           username=AUTH[0], password=AUTH[1])
    print(f"aksandbox with {args.users} users (seed {args.seed}) ready in {time.perf_counter() - started:.1f} s")
    try:
        part_one(handle, args.rounds)
        part_two(handle, args.budget, args.duration, args.redis_url)
    finally:
        handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
