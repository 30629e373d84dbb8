"""Seeded pages, actions with actionfields, usergroups and memberships, alloweduserfields."""
from .util import stamp
from .seed_data import ANCHOR, COMMENTS, CUSTOM_FIELDS, OPT_IN_FIELD, PAGES, SHIFTS, USERGROUPS

PAGE_EPOCH = "2019-06-01T12:00:00"
FIELDS_EPOCH = "2019-01-15T09:30:00"


def register_fields(store):
    """Register sms_opt_in and the other custom fields as alloweduserfields."""
    rows = [(name, name.replace("_", " ").title(), "string", FIELDS_EPOCH, FIELDS_EPOCH)
            for name in (OPT_IN_FIELD, *CUSTOM_FIELDS)]
    store.db.executemany("INSERT INTO alloweduserfields (name, display_name, field_type, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?)", rows)


def create_pages(store):
    """The seeded pages (one import page, two signup pages, two petition pages); returns rows."""
    for index, (kind, name, title) in enumerate(PAGES, start=1):
        store.db.execute("INSERT INTO pages (id, name, title, type, goal, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (index, name, title, kind, 1000 * index,
                                                          PAGE_EPOCH, PAGE_EPOCH))
    return store.db.query("SELECT * FROM pages ORDER BY id")


def action_fields(rng, page):
    """Custom action fields typical of each seeded page."""
    if page["name"] == "volunteer-signup":
        return {"volunteer": rng.choice(("yes", "yes", "no")), "shift": rng.choice(SHIFTS)}
    if page["type"] == "petition" and rng.random() < 0.5:
        return {"comment": rng.choice(COMMENTS)}
    if page["type"] == "import":
        return {"batch": f"batch-{rng.randint(1, 12)}"}
    return {}


def plan_actions(rng, pages, spans):
    """(epoch, page, user_id, fields) for ~35% of users, 1-3 actions each."""
    plans = []
    for uid, (created, _updated) in enumerate(spans, start=1):
        if rng.random() >= 0.35:
            continue
        for _ in range(rng.choice((1, 1, 2, 3))):
            page = pages[0] if rng.random() < 0.1 else rng.choice(pages[1:])
            epoch = rng.uniform(max(created, 1559390400), ANCHOR)
            plans.append((epoch, page, uid, action_fields(rng, page)))
    plans.sort(key=lambda plan: (plan[0], plan[2]))
    return plans


def insert_actions(store, plans):
    """Bulk-insert planned actions in time order so ids grow with created_at."""
    actions, fields = [], []
    for action_id, (epoch, page, uid, extra) in enumerate(plans, start=1):
        ts = stamp(epoch)
        source = "import" if page["type"] == "import" else "website"
        actions.append((action_id, page["id"], uid, page["type"], source, ts, ts))
        fields.extend((action_id, name, value) for name, value in extra.items())
    with store.db.transaction() as db:
        db.conn.executemany("INSERT INTO actions (id, page_id, user_id, type, source, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", actions)
        db.conn.executemany("INSERT INTO actionfields (action_id, name, value) VALUES (?, ?, ?)", fields)


def create_groups(store, rng, user_count):
    """Usergroups with random members (each user joins each group with a set probability)."""
    members = []
    for group_id, (name, share) in enumerate(USERGROUPS, start=1):
        store.db.execute("INSERT INTO usergroups (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                         (group_id, name, PAGE_EPOCH, PAGE_EPOCH))
        members.extend((group_id, uid) for uid in range(1, user_count + 1) if rng.random() < share)
    store.db.executemany("INSERT INTO usergroup_members (group_id, user_id) VALUES (?, ?)", members)


def generate(store, rng, spans):
    """Pages, actions and groups for users 1..len(spans)."""
    pages = create_pages(store)
    insert_actions(store, plan_actions(rng, pages, spans))
    create_groups(store, rng, len(spans))
