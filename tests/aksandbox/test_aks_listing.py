"""Paging, filtering and ordering exactly as decisions 15.2 and 15.3."""
import pytest


def test_default_limit_is_20_and_total_exact(api, sandbox):
    body = api.get("/rest/v1/user/").json()
    assert body["meta"]["limit"] == 20 and body["meta"]["offset"] == 0
    assert len(body["objects"]) == 20
    assert body["meta"]["total_count"] == sandbox.store.db.scalar("SELECT COUNT(*) FROM users")
    assert body["meta"]["previous"] is None
    assert body["meta"]["next"] == "/rest/v1/user/?_offset=20&_limit=20"


def test_limit_above_100_clamps_and_zero_means_100(api):
    assert api.get("/rest/v1/user/?_limit=500").json()["meta"]["limit"] == 100
    assert len(api.get("/rest/v1/user/?_limit=500").json()["objects"]) == 100
    zero = api.get("/rest/v1/user/?_limit=0").json()
    assert zero["meta"]["limit"] == 100 and len(zero["objects"]) == 100


def test_following_next_verbatim_reads_every_user_once(api, sandbox):
    first = api.get("/rest/v1/user/?_limit=100&order_by=id").json()
    assert first["meta"]["next"] == "/rest/v1/user/?order_by=id&_offset=100&_limit=100"
    users = api.objects("/rest/v1/user/?_limit=100&order_by=id")
    ids = [u["id"] for u in users]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert len(ids) == sandbox.store.db.scalar("SELECT COUNT(*) FROM users") > 100


def test_last_page_has_null_next_and_previous_link(api):
    total = api.get("/rest/v1/user/?_limit=1").json()["meta"]["total_count"]
    last = api.get(f"/rest/v1/user/?_limit=100&_offset={total - 5}").json()
    assert last["meta"]["next"] is None and len(last["objects"]) == 5
    assert last["meta"]["previous"] == f"/rest/v1/user/?_offset={total - 105}&_limit=100"
    beyond = api.get(f"/rest/v1/user/?_offset={total + 10}").json()
    assert beyond["objects"] == [] and beyond["meta"]["total_count"] == total


def test_invalid_paging_values_are_400(api):
    assert api.get("/rest/v1/user/?_limit=abc").json() == {
        "error": "Invalid limit 'abc' provided. Please provide a positive integer."}
    assert api.get("/rest/v1/user/?_offset=-3").status_code == 400


@pytest.mark.parametrize("query", ["first_name=Mary", "zip=10001", "name__contains=x", "email__contains=x"])
def test_disallowed_filter_is_400_with_tastypie_message(api, query):
    resp = api.get(f"/rest/v1/user/?{query}")
    assert resp.status_code == 400
    field = query.split("=")[0].split("__")[0]
    assert resp.json() == {"error": f"The '{field}' field does not allow filtering."}


def test_disallowed_filters_on_other_resources(api):
    assert api.get("/rest/v1/phone/?phone=1").json() == {"error": "The 'phone' field does not allow filtering."}
    assert api.get("/rest/v1/action/?status=complete").status_code == 400
    assert api.get("/rest/v1/page/?title=x").status_code == 400
    assert api.get("/rest/v1/usergroup/?name=Donors").status_code == 400


def test_id_filters(api):
    assert [u["id"] for u in api.get("/rest/v1/user/?id=7").json()["objects"]] == [7]
    gt = api.get("/rest/v1/user/?id__gt=140&_limit=100").json()["objects"]
    assert gt and all(u["id"] > 140 for u in gt)
    comma = api.get("/rest/v1/user/?id__in=3,5,9").json()["objects"]
    repeated = api.get("/rest/v1/user/?id__in=3&id__in=5&id__in=9").json()["objects"]
    assert [u["id"] for u in comma] == [u["id"] for u in repeated] == [3, 5, 9]


@pytest.mark.parametrize("column", ["created_at", "updated_at"])
def test_timestamp_filters_and_ordering(api, sandbox, column):
    pivot = sandbox.store.db.scalar(f"SELECT {column} FROM users ORDER BY {column} LIMIT 1 OFFSET 70")
    expected = {
        "gte": sandbox.store.db.scalar(f"SELECT COUNT(*) FROM users WHERE {column} >= ?", (pivot,)),
        "gt": sandbox.store.db.scalar(f"SELECT COUNT(*) FROM users WHERE {column} > ?", (pivot,)),
        "lte": sandbox.store.db.scalar(f"SELECT COUNT(*) FROM users WHERE {column} <= ?", (pivot,)),
        "lt": sandbox.store.db.scalar(f"SELECT COUNT(*) FROM users WHERE {column} < ?", (pivot,)),
    }
    for op, count in expected.items():
        meta = api.get(f"/rest/v1/user/?{column}__{op}={pivot}&_limit=1").json()["meta"]
        assert meta["total_count"] == count, op
    rows = api.objects(f"/rest/v1/user/?{column}__gte={pivot}&order_by={column}&_limit=100")
    values = [u[column] for u in rows]
    assert values == sorted(values) and values[0] >= pivot and len(values) == expected["gte"]
    desc = api.get(f"/rest/v1/user/?order_by=-{column}&_limit=100").json()["objects"]
    assert [u[column] for u in desc] == sorted((u[column] for u in desc), reverse=True)


def test_order_by_id_descending_and_bad_ordering(api):
    ids = [u["id"] for u in api.get("/rest/v1/user/?order_by=-id&_limit=5").json()["objects"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5
    bad = api.get("/rest/v1/user/?order_by=email")
    assert bad.status_code == 400 and "email" in bad.json()["error"]


def test_user_email_filters(api):
    user = api.get("/rest/v1/user/12/").json()
    exact = api.get(f"/rest/v1/user/?email={user['email']}").json()
    assert [u["id"] for u in exact["objects"]] == [12]
    iexact = api.get(f"/rest/v1/user/?email__iexact={user['email'].upper()}").json()
    assert [u["id"] for u in iexact["objects"]] == [12]


def test_phone_filters(api, sandbox):
    owner = sandbox.store.db.scalar("SELECT user_id FROM phones GROUP BY user_id HAVING COUNT(*) > 1 LIMIT 1")
    phones = api.get(f"/rest/v1/phone/?user={owner}").json()["objects"]
    assert len(phones) > 1 and {p["user"] for p in phones} == {f"/rest/v1/user/{owner}/"}
    mobile = api.objects("/rest/v1/phone/?type=mobile&_limit=100")
    assert mobile and {p["type"] for p in mobile} == {"mobile"}
    assert len(mobile) == sandbox.store.db.scalar("SELECT COUNT(*) FROM phones WHERE type = 'mobile'")
    both = api.get("/rest/v1/phone/?type__in=mobile,work&_limit=1").json()["meta"]["total_count"]
    assert both == sandbox.store.db.scalar("SELECT COUNT(*) FROM phones WHERE type IN ('mobile', 'work')")
    many = api.get("/rest/v1/phone/?user__in=1&user__in=2,3&_limit=100").json()["objects"]
    assert {p["user"] for p in many} <= {f"/rest/v1/user/{i}/" for i in (1, 2, 3)}
    assert len(many) == sandbox.store.db.scalar("SELECT COUNT(*) FROM phones WHERE user_id IN (1, 2, 3)")


def test_action_filters(api, sandbox):
    page_id = sandbox.store.page_by_name("volunteer-signup")["id"]
    by_id = api.get(f"/rest/v1/action/?page={page_id}&_limit=1").json()["meta"]["total_count"]
    by_name = api.objects("/rest/v1/action/?page__name=volunteer-signup&_limit=100")
    assert by_id == len(by_name) == sandbox.store.db.scalar("SELECT COUNT(*) FROM actions WHERE page_id = ?",
                                                           (page_id,)) > 0
    assert {a["page"] for a in by_name} == {f"/rest/v1/signuppage/{page_id}/"}
    user_id = by_name[0]["user"].split("/")[-2]
    mine = api.get(f"/rest/v1/action/?user={user_id}").json()["objects"]
    assert mine and {a["user"] for a in mine} == {f"/rest/v1/user/{user_id}/"}


def test_page_filters_and_typed_lists(api):
    pages = api.get("/rest/v1/page/").json()["objects"]
    assert {p["type"] for p in pages} == {"Import", "Signup", "Petition"}
    for page in pages:
        assert page["resource_uri"] == f"/rest/v1/{page['type'].lower()}page/{page['id']}/"
    found = api.get("/rest/v1/petitionpage/?name=clean-air-now").json()["objects"]
    assert [p["name"] for p in found] == ["clean-air-now"]
    assert api.get("/rest/v1/signuppage/?name=clean-air-now").json()["meta"]["total_count"] == 0
    assert api.get("/rest/v1/signuppage/").json()["meta"]["total_count"] == 2


def test_usergroup_list_and_detail(api):
    groups = api.get("/rest/v1/usergroup/").json()["objects"]
    assert [g["name"] for g in groups][:2] == ["Volunteers", "Donors"]
    detail = api.get(groups[0]["resource_uri"]).json()
    assert set(detail) == {"id", "name", "resource_uri", "created_at", "updated_at"}
