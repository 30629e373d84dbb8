"""Expected sync outcomes computed from the sandbox's raw data, independently of jobs/sync."""
from collections import Counter

from webapp.rules import evaluate_user

TYPES = ("mobile", "work", "home")


def user_id_of(phone):
    return int(phone["user"].rstrip("/").rsplit("/", 1)[-1])


def expected_statuses(raw, opt_in_field="sms_opt_in", types=TYPES):
    """{ak_id: (status, e164)} for every user, by the documented rules (lowest id owns a shared phone)."""
    users = raw.all("user")
    phones = {}
    for phone in raw.all("phone"):
        phones.setdefault(user_id_of(phone), []).append(phone)
    result, eligible = {}, []
    for user in sorted(users, key=lambda u: u["id"]):
        ev = evaluate_user(user, phones.get(user["id"], []), opt_in_field, types)
        result[user["id"]] = (ev.status, ev.phone.e164)
        if ev.eligible:
            eligible.append((user["id"], ev.phone.e164))
    owners = {}
    for ak_id, e164 in eligible:  # the documented rule, written here independently: lowest id owns the phone
        owners[e164] = min(ak_id, owners.get(e164, ak_id))
    for ak_id, e164 in eligible:
        result[ak_id] = ("synced" if owners[e164] == ak_id else "duplicate_phone", e164)
    return result


def status_counter(statuses):
    return Counter(status for status, _ in statuses.values())


def owners_with_chosen_phone(raw, types=TYPES):
    """How many users own at least one phone of the chosen types."""
    return len({user_id_of(p) for p in raw.all("phone") if p["type"] in types})
