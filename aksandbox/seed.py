"""Reproducible sample data: same seed -> identical users, phones, fields, pages, actions, groups."""
import random

from . import seed_activity
from .seed_data import (ANCHOR, SPAN, AREA_CODES, CUSTOM_FIELDS, DOMAINS, FIELD_PRESENCE, FIRST_NAMES, INVALID_PHONES,
                        LAST_NAMES, OPT_IN_FALSE, OPT_IN_FIELD, OPT_IN_JUNK, OPT_IN_TRUE, OPT_IN_UNKNOWN,
                        SOURCES, STATUSES, STREETS)
from .util import make_token, normalize_phone, stamp
from .zips import ZIPS

ZIP_ITEMS = sorted(ZIPS.items())
USER_COLUMNS = ("id", "email", "first_name", "last_name", "address1", "city", "state", "region", "zip",
                "postal", "country", "source", "subscription_status", "rand_id", "token", "created_at",
                "updated_at")
PHONE_STYLES = ("({a}) {e}-{l}", "{a}.{e}.{l}", "+1 {a} {e} {l}", "{a}{e}{l}", "1-{a}-{e}-{l}", "{a}-{e}-{l}")


def weighted(rng, pairs):
    """Pick a value from (value, weight) pairs."""
    roll, total = rng.random(), 0.0
    for value, weight in pairs:
        total += weight
        if roll < total:
            return value
    return pairs[-1][0]


def opt_in_value(rng):
    """An opt-in value of every kind, or None for an absent field."""
    return weighted(rng, ((None, 0.15), ("", 0.05), (rng.choice(OPT_IN_TRUE), 0.45),
                          (rng.choice(OPT_IN_FALSE), 0.2), (rng.choice(OPT_IN_UNKNOWN), 0.08),
                          (rng.choice(OPT_IN_JUNK), 0.07)))


def new_number(rng):
    """A valid-looking US number: real area code, exchange 2xx-9xx (no N11, no 555)."""
    exchange = rng.randint(200, 999)
    while exchange % 100 == 11 or exchange == 555:
        exchange = rng.randint(200, 999)
    return rng.choice(AREA_CODES), str(exchange), f"{rng.randint(0, 9999):04d}"


def user_phones(rng, uid, created, updated, shared_pool):
    """Phone rows for one user: none, invalid, 1-3 typed numbers, sometimes another user's number."""
    roll = rng.random()
    if roll < 0.15:
        return []
    ts = stamp(rng.uniform(created, updated))
    if roll < 0.20:
        phone = rng.choice(INVALID_PHONES)
        return [(uid, phone, normalize_phone(phone), rng.choice(("mobile", "home")), "user", ts, ts)]
    kinds = ["mobile", "home", "work"] if rng.random() < 0.6 else ["home", "work", "mobile"]
    count = weighted(rng, ((1, 0.65), (2, 0.25), (3, 0.10)))
    rows = []
    for kind in kinds[:count]:
        parts = rng.choice(shared_pool) if shared_pool and rng.random() < 0.03 else new_number(rng)
        shared_pool.append(parts) if len(shared_pool) < 5000 else None
        phone = rng.choice(PHONE_STYLES).format(a=parts[0], e=parts[1], l=parts[2])
        rows.append((uid, phone, normalize_phone(phone), kind, rng.choice(("user", "api")), ts, ts))
    return rows


def user_fields(rng, uid):
    """Userfield rows: sms_opt_in plus the other custom fields, each sometimes absent."""
    rows = []
    value = opt_in_value(rng)
    if value is not None:
        rows.append((uid, OPT_IN_FIELD, value))
    for name, choices in CUSTOM_FIELDS.items():
        if rng.random() < FIELD_PRESENCE[name]:
            rows.append((uid, name, rng.choice(choices)))
    return rows


def user_row(rng, uid, secret):
    """One users row plus its created/updated epochs."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first}.{last}{uid}@{rng.choice(DOMAINS)}".lower().replace("'", "")
    created = ANCHOR - rng.uniform(0, SPAN)
    updated = created + rng.uniform(0, ANCHOR - created)
    zip_code, (city, state) = rng.choice(ZIP_ITEMS) if rng.random() < 0.9 else ("", ("", ""))
    address = f"{rng.randint(1, 9999)} {rng.choice(STREETS)}" if zip_code and rng.random() < 0.7 else ""
    row = (uid, email, first, last, address, city, state, state, zip_code, zip_code, "United States",
           rng.choice(SOURCES), weighted(rng, STATUSES), rng.randint(1, 999_999_999),
           make_token(secret, uid), stamp(created), stamp(updated))
    return row, created, updated


def generate(store, users, seed):
    """Fill an empty store with `users` users and their related data; returns row counts."""
    if users <= 0 or store.db.scalar("SELECT COUNT(*) FROM users"):
        return store.counts()
    rng = random.Random(seed)
    seed_activity.register_fields(store)
    rows, fields, phones, shared, spans = [], [], [], [], []
    for uid in range(1, users + 1):
        row, created, updated = user_row(rng, uid, store.secret)
        rows.append(row)
        spans.append((created, updated))
        fields.extend(user_fields(rng, uid))
        phones.extend(user_phones(rng, uid, created, updated, shared))
    insert_users(store, rows, fields, phones)
    seed_activity.generate(store, rng, spans)
    return store.counts()


def insert_users(store, rows, fields, phones):
    """Bulk-insert users, userfields and phones in one transaction."""
    marks = ",".join("?" * len(USER_COLUMNS))
    with store.db.transaction() as db:
        db.conn.executemany(f"INSERT INTO users ({','.join(USER_COLUMNS)}) VALUES ({marks})", rows)
        db.conn.executemany("INSERT INTO userfields (user_id, name, value) VALUES (?, ?, ?)", fields)
        db.conn.executemany("INSERT INTO phones (user_id, phone, normalized_phone, type, source, created_at, "
                            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", phones)
