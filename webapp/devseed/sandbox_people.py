"""The sandbox's users as a seeded member list needs them, read straight from the sandbox's store."""
from collections import defaultdict
from dataclasses import dataclass

from webapp.rules import DEFAULT_PHONE_TYPES, evaluate_user, normalize_phone


@dataclass(frozen=True)
class SandboxPerson:
    """A user the first sync would link: the phone it would choose, its names, place and opt-in."""

    ak_id: int
    e164: str
    first_name: str
    last_name: str
    email: str
    city: str
    state: str
    zip: str
    opted_in: bool


def read_phones(store):
    """Every sandbox phone as the sync sees one (id, phone, type), grouped by user id."""
    phones = defaultdict(list)
    for row in store.db.query("SELECT id, user_id, phone, type FROM phones ORDER BY id"):
        phones[row["user_id"]].append({"id": row["id"], "phone": row["phone"], "type": row["type"]})
    return phones


def owners_by_number(phones):
    """E.164 -> the user ids holding it, so a seeded member never borrows a shared or used number."""
    owners = defaultdict(set)
    for user_id, rows in phones.items():
        for row in rows:
            e164 = normalize_phone(row["phone"])
            if e164:
                owners[e164].add(user_id)
    return owners


def linkable_person(user, phones, owners, opt_in_field):
    """The person behind a user whose phone and known opt-in make a clean link, else None."""
    verdict = evaluate_user(user, phones, opt_in_field, DEFAULT_PHONE_TYPES)
    opted_in = verdict.opt_in.as_bool()
    if not verdict.eligible or opted_in is None or not (user.get("email") or "").strip():
        return None
    if len(owners[verdict.phone.e164]) != 1:  # a shared number is a duplicate-phone lesson, not a link
        return None
    return SandboxPerson(user["id"], verdict.phone.e164, user["first_name"], user["last_name"], user["email"],
                         user["city"], user["state"], (user["zip"] or "")[:5], opted_in)


def read_sandbox(store, opt_in_field):
    """(linkable people in id order, every E.164 any sandbox phone holds) through the sandbox's store."""
    users = store.serialize_users(store.db.query("SELECT * FROM users ORDER BY id"))
    phones = read_phones(store)
    owners = owners_by_number(phones)
    people = [linkable_person(user, phones.get(user["id"], []), owners, opt_in_field) for user in users]
    return [person for person in people if person is not None], frozenset(owners)
