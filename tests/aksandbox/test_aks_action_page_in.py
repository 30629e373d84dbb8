"""The action list's `page__in` filter: actions of several pages in one read (the cycle's one walk)."""


def _page_ids(api, path):
    objects, offset = [], 0
    while True:
        data = api.get(path, params={"_limit": 100, "_offset": offset}).json()
        objects += data["objects"]
        if not data["meta"]["next"]:
            return objects
        offset += 100


def test_page_in_returns_exactly_the_actions_of_the_listed_pages(api):
    pages = api.get("/rest/v1/page/", params={"_limit": 100}).json()["objects"]
    chosen = [pages[1]["id"], pages[3]["id"]]
    every = _page_ids(api, "/rest/v1/action/")
    expected = sorted(a["id"] for a in every if int(a["page"].rstrip("/").rsplit("/", 1)[1]) in chosen)
    assert expected, "the seed gives these pages actions"
    got = _page_ids(api, f"/rest/v1/action/?page__in={chosen[0]},{chosen[1]}")
    assert sorted(a["id"] for a in got) == expected
    repeated = _page_ids(api, f"/rest/v1/action/?page__in={chosen[0]}&page__in={chosen[1]}")
    assert sorted(a["id"] for a in repeated) == expected


def test_page_in_with_a_junk_id_is_a_400_not_a_crash(api):
    response = api.get("/rest/v1/action/", params={"page__in": "1,abc"})
    assert response.status_code == 400
