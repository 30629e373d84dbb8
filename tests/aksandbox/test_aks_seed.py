"""Seeded sample data: reproducible per seed, with every kind of phone and opt-in value."""
import collections

import pytest

from aksandbox.seed_data import OPT_IN_FALSE, OPT_IN_TRUE
from tests.aksandbox.helpers import Api, start

TABLE_QUERIES = {
    "users": "SELECT * FROM users ORDER BY id",
    "phones": "SELECT * FROM phones ORDER BY id",
    "userfields": "SELECT * FROM userfields ORDER BY user_id, name",
    "actions": "SELECT * FROM actions ORDER BY id",
    "actionfields": "SELECT * FROM actionfields ORDER BY action_id, name",
    "members": "SELECT * FROM usergroup_members ORDER BY group_id, user_id",
}


@pytest.fixture(scope="module")
def seeded():
    """A larger seeded sandbox so the rarer variants show up."""
    handle = start(users=1500, seed=42)
    yield handle
    handle.stop()


def dump(handle):
    """Every seeded table as plain tuples."""
    return {name: [tuple(r) for r in handle.store.db.query(sql)] for name, sql in TABLE_QUERIES.items()}


def test_same_seed_gives_identical_data_and_api_answers(seeded):
    with start(users=1500, seed=42) as twin:
        assert dump(twin) == dump(seeded)
        assert Api(twin).get("/rest/v1/user/?_limit=100").json() == Api(seeded).get("/rest/v1/user/?_limit=100").json()
    with start(users=1500, seed=43) as other:
        assert dump(other)["users"] != dump(seeded)["users"]


def test_phone_variety(seeded):
    db = seeded.store.db
    users = db.scalar("SELECT COUNT(*) FROM users")
    without = db.scalar("SELECT COUNT(*) FROM users WHERE id NOT IN (SELECT user_id FROM phones)")
    assert 0.08 * users < without < 0.25 * users
    invalid = {r[0] for r in db.query("SELECT phone FROM phones WHERE length(normalized_phone) != 10")}
    assert {"555-0123", "12345"} <= invalid
    shared = db.scalar("SELECT COUNT(*) FROM (SELECT normalized_phone FROM phones GROUP BY normalized_phone "
                       "HAVING COUNT(DISTINCT user_id) > 1 AND length(normalized_phone) = 10)")
    assert shared >= 5
    multi = db.query("SELECT user_id FROM phones GROUP BY user_id HAVING COUNT(DISTINCT type) >= 2")
    assert len(multi) > 50
    assert {r[0] for r in db.query("SELECT DISTINCT type FROM phones")} == {"mobile", "home", "work"}
    phones = [r[0] for r in db.query("SELECT phone FROM phones")]
    for marker in ("(", ".", "+1 ", "1-"):
        assert any(p.startswith(marker) or marker in p for p in phones), marker
    assert any(p.isdigit() and len(p) == 10 for p in phones)


def test_opt_in_variety(seeded):
    db = seeded.store.db
    values = collections.Counter(r[0] for r in db.query("SELECT value FROM userfields WHERE name = 'sms_opt_in'"))
    assert set(OPT_IN_TRUE) <= set(values) and set(OPT_IN_FALSE) <= set(values)
    assert {"TBD", "maybe", "?", ""} <= set(values)
    absent = db.scalar("SELECT COUNT(*) FROM users WHERE id NOT IN "
                       "(SELECT user_id FROM userfields WHERE name = 'sms_opt_in')")
    assert absent > 100


def test_custom_fields_pages_actions_groups_are_served(seeded):
    api = Api(seeded)
    names = {f["name"] for f in api.get("/rest/v1/alloweduserfield/").json()["objects"]}
    assert names == {"sms_opt_in", "favorite_issue", "volunteer_interest", "pronouns"}
    pages = {p["name"]: p["type"] for p in api.get("/rest/v1/page/").json()["objects"]}
    assert pages == {"sandbox-import": "Import", "volunteer-signup": "Signup", "newsletter-signup": "Signup",
                     "save-the-library": "Petition", "clean-air-now": "Petition"}
    volunteer = api.get("/rest/v1/action/?page__name=volunteer-signup").json()["objects"]
    assert volunteer and all(set(a["fields"]) == {"volunteer", "shift"} for a in volunteer)
    petitions = api.objects("/rest/v1/petitionaction/?_limit=100")
    assert any("comment" in a["fields"] for a in petitions)
    groups = api.get("/rest/v1/usergroup/").json()["meta"]["total_count"]
    assert groups == 5
    emails = [r[0] for r in seeded.store.db.query("SELECT email FROM users")]
    assert len(emails) == len(set(emails))


def test_zips_have_matching_city_and_timestamps_span_years(seeded):
    from aksandbox.zips import ZIPS
    db = seeded.store.db
    for zip_code, city, state in db.query("SELECT zip, city, state FROM users WHERE zip != '' LIMIT 200"):
        assert ZIPS[zip_code] == (city, state)
    years = {r[0][:4] for r in db.query("SELECT created_at FROM users")}
    assert len(years) >= 5
    assert db.scalar("SELECT COUNT(*) FROM users WHERE updated_at < created_at") == 0
