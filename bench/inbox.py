"""Benchmark: the inbox at many conversations (first/deep keyset pages, needs-response, search) and
inbound routing (webhook post -> routing job -> consent reply stored), in-process.

Seeds members with one conversation and two messages each, logs in, and times requests through the
Flask test client. Prints p50/p95 in ms per scenario.

Run: .venv/bin/python bench/inbox.py [--conversations 50000] [--requests 30] [--texts 200]
     [--database-url postgresql+psycopg://user@host/db]   (the database is wiped and reseeded)
"""
import argparse
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
from webapp.models import Conversation, Member, Message  # noqa: E402
from webapp.store.inbox import PAGE_SIZE, inbox_page  # noqa: E402


def phone(i):
    """A valid New York number per member (exchanges 200-2xx)."""
    return f"+1212{2_000_000 + i:07d}"


def seed(count, batch=10_000):
    """Members, one conversation each (every 7th needs a response) and an outbound + inbound message."""
    start = datetime(2026, 1, 1)
    for offset in range(0, count, batch):
        ids = range(offset + 1, min(offset + batch, count) + 1)
        at = {i: start + timedelta(seconds=i * 7 % 1_000_003) for i in ids}
        db.session.execute(insert(Member), [{"id": i, "phone": phone(i), "first_name": f"Name{i}",
                                             "last_name": "Bench", "subscribed": True, "source": "sms"}
                                            for i in ids])
        db.session.execute(insert(Conversation), [{"id": i, "member_id": i, "needs_response": i % 7 == 0,
                                                   "last_message_at": at[i], "last_message_preview": f"reply {i}"}
                                                  for i in ids])
        db.session.execute(insert(Message), [{"member_id": i, "conversation_id": i, "phone": phone(i),
                                              "direction": d, "body": f"{d} {i}", "status": "sent",
                                              "created_at": at[i]} for i in ids for d in ("outbound", "inbound")])
        db.session.commit()


def timed(label, runs, call):
    """Run call() `runs` times and print p50/p95 in ms."""
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{label:<42} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


def bench_pages(client, runs):
    """The inbox list: first page, a page 1,000 conversations deep, the filter and a search."""
    deep = inbox_page()
    for _ in range(1000 // PAGE_SIZE):
        deep = inbox_page(after=deep.next_cursor)
    hx = {"HX-Request": "true"}
    for label, url in (("inbox first page", "/inbox/"), ("inbox 1,000 deep", f"/inbox/?after={deep.next_cursor}"),
                       ("needs response", "/inbox/?needs=1"), ("search 'Name4242'", "/inbox/?q=Name4242"),
                       ("conversation page", "/inbox/4242")):
        timed(label, runs, lambda url=url: _ok(client.get(url, headers=hx), 200))


def bench_routing(app, client, texts):
    """Webhook post plus its routing job (a STOP: ledger, reply queued), one text at a time."""
    from jobs.runner import run_queued_jobs
    phones = iter(phone(i) for i in range(1, texts + 1))

    def one():
        _ok(client.post("/webhooks/sms/inbound", data={"From": next(phones), "Body": "STOP"}))
        run_queued_jobs(app)
    timed("inbound STOP -> routed + reply sent", texts, one)


def _ok(response, expected=None):
    """Fail loudly instead of timing an error page or a redirect to the login."""
    assert response.status_code == expected if expected else response.status_code < 400, response.status_code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    import fakeredis
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/inbox.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False, "INBOX_SIMULATE": True},
                     redis=fakeredis.FakeRedis(server=fakeredis.FakeServer()))
    with app.app_context():
        db.drop_all()
        db.create_all()
        began = time.perf_counter()
        seed(args.conversations)
        took = time.perf_counter() - began
        print(f"seeded {args.conversations:,} conversations in {took:.1f} s ({url.split(':')[0]})")
        from webapp.cli.staff import create_or_update_admin
        create_or_update_admin("bench@example.org", "bench password 1")
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "bench password 1"})
        bench_pages(client, args.requests)
        bench_routing(app, client, args.texts)


if __name__ == "__main__":
    main()
