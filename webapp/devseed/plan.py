"""Which members to seed: a fixed-seed plan of overlaps with the sandbox and members only on our side.

Pure: it takes the sandbox's people and numbers and returns member values, so the same sandbox
always yields the same member list.
"""
import random
from dataclasses import dataclass, field

from webapp.rules import normalize_phone, normalize_zip

SEED = 20240611
ALIKE, OTHER_NAME, OTHER_ZIP = "alike", "other_name", "other_zip"
OPTED_OUT_HERE, OPTED_IN_HERE, MEMBER_ONLY = "opted_out_here", "opted_in_here", "member_only"
# Filled in this order, so the opt-in cases (which need a particular ActionKit value) go first.
OVERLAP_QUOTAS = ((OPTED_OUT_HERE, 20), (OPTED_IN_HERE, 15), (OTHER_NAME, 25), (OTHER_ZIP, 20), (ALIKE, 40))
MEMBER_ONLY_COUNT = 180
GROUP_SIZES = (("Volunteers", 48), ("Phone bank team", 24))
FIRST_NAMES = ("Alex", "Bea", "Chidi", "Dana", "Eli", "Farah", "Gus", "Hana", "Ines", "Jon", "Kemi", "Luis",
               "Mina", "Nico", "Oren", "Pia", "Quinn", "Rosa", "Sami", "Tova", "Uma", "Vik", "Wren", "Yusuf")
LAST_NAMES = ("Abara", "Bauer", "Castillo", "Dube", "Eriksen", "Fontaine", "Gupta", "Holm", "Ibarra", "Jansen",
              "Kaur", "Lindqvist", "Moreau", "Novak", "Osei", "Park", "Quispe", "Rossi", "Sato", "Tran")
ZIPS = ("02139", "10027", "11201", "19130", "20001", "30303", "43215", "48226", "53703", "55401",
        "60601", "73102", "78701", "80202", "85004", "94612", "97205", "98101")
AREA_CODES = ("206", "212", "303", "312", "415", "503", "512", "617", "718", "773", "917")


@dataclass
class PlannedMember:
    """One member to create: its category (how it relates to ActionKit), values and manual groups."""

    category: str
    values: dict
    groups: list = field(default_factory=list)


def place(zip_code):
    """Zip, city and state of a zip the member rules accept (city title-cased as the member form does)."""
    found = normalize_zip(zip_code)
    if not found.ok:
        return {"zip": None}
    return {"zip": found.zip5, "city": (found.city or "").title() or None, "state": found.state}


def fits(category, person):
    """The opt-in cases need ActionKit to say the opposite of what the member will say."""
    if category == OPTED_OUT_HERE:
        return person.opted_in
    if category == OPTED_IN_HERE:
        return not person.opted_in
    return True


def other_than(rng, choices, current):
    """A choice that differs from the current value, so a difference is guaranteed."""
    return rng.choice([choice for choice in choices if choice != current])


def overlap_values(rng, category, person, index):
    """The member sharing person's phone, changed the way its category says."""
    values = {"phone": person.e164, "first_name": person.first_name, "last_name": person.last_name,
              "email": person.email, "city": person.city or None, "state": person.state or None,
              "zip": person.zip or None, "subscribed": person.opted_in, "source": "import"}
    if category == OTHER_NAME:  # first name, last name or both, in turn
        if index % 3 != 1:
            values["first_name"] = other_than(rng, FIRST_NAMES, person.first_name)
        if index % 3 != 0:
            values["last_name"] = other_than(rng, LAST_NAMES, person.last_name)
    elif category == OTHER_ZIP:
        values.update(place(other_than(rng, ZIPS, person.zip)))
    elif category in (OPTED_OUT_HERE, OPTED_IN_HERE):
        values["subscribed"] = category == OPTED_IN_HERE
    return values


def plan_overlaps(rng, people):
    """Members sharing a phone with sandbox people, category by category, each person used once."""
    pool = list(people)
    rng.shuffle(pool)
    planned = []
    for category, quota in OVERLAP_QUOTAS:
        chosen = [person for person in pool if fits(category, person)][:quota]
        pool = [person for person in pool if person not in chosen]
        planned += [PlannedMember(category, overlap_values(rng, category, person, index))
                    for index, person in enumerate(chosen)]
    return planned


def new_number(rng, taken):
    """A valid US number nobody in the sandbox or the plan holds (exchange 2xx-9xx, no N11, no 555)."""
    while True:
        exchange = rng.randint(200, 999)
        number = normalize_phone(f"{rng.choice(AREA_CODES)}{exchange}{rng.randint(0, 9999):04d}")
        if number and number not in taken and exchange % 100 != 11 and exchange != 555:
            taken.add(number)
            return number


def member_only_values(rng, taken, index):
    """Someone ActionKit has never heard of: own number, most with an email, most subscribed."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first}.{last}.{index}@members.example.org".lower() if rng.random() < 0.85 else None
    values = {"phone": new_number(rng, taken), "first_name": first, "last_name": last, "email": email,
              "subscribed": rng.random() < 0.75, "source": "import" if rng.random() < 0.6 else "manual"}
    values.update(place(rng.choice(ZIPS)))
    return values


def assign_groups(rng, planned):
    """Put a fixed-seed sample of the members in each manual group, so the Groups page has content."""
    for name, size in GROUP_SIZES:
        for member in rng.sample(planned, min(size, len(planned))):
            member.groups.append(name)


def plan_members(people, taken_numbers, seed=SEED):
    """The whole member list to seed, in a fixed-seed shuffled order (overlaps mixed with the rest)."""
    rng = random.Random(seed)
    planned = plan_overlaps(rng, people)
    taken = set(taken_numbers) | {member.values["phone"] for member in planned}
    planned += [PlannedMember(MEMBER_ONLY, member_only_values(rng, taken, index))
                for index in range(MEMBER_ONLY_COUNT)]
    rng.shuffle(planned)
    assign_groups(rng, planned)
    return planned
