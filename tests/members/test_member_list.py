"""The member list: search, sort, filters and keyset pagination (no duplicates, no skips)."""
import html
import re
from datetime import datetime

import pytest

from .conftest import HX

ROW_ID = re.compile(r'<tr id="member-(\d+)"')


def row_ids(response):
    """Member ids in the order the table shows them."""
    return [int(i) for i in ROW_ID.findall(response.get_data(as_text=True))]


def link(response, rel):
    """The pager's prev/next URL, or None."""
    match = re.search(r'<a href="([^"]+)"[^>]*rel="' + rel + '"', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def people(make_member):
    """Members with distinct, non-blank values in every sortable column."""
    rows = [("Ada", "Lovelace", "+14155552671", "ada@example.org", "London", "KY", "manual"),
            ("Grace", "Hopper", "+12125550199", "grace@navy.mil", "Arlington", "VA", "import"),
            ("Alan", "Turing", "+16175550000", "alan@bletchley.uk", "Boston", "MA", "actionkit"),
            ("Katherine", "Johnson", "+13035550111", "kj@nasa.gov", "Hampton", "VA", "sms"),
            ("Edsger", "Dijkstra", "+15125550123", "ewd@utexas.edu", "Austin", "TX", "actionkit")]
    return [make_member(first_name=f, last_name=l, phone=p, email=e, city=c, state=s, source=src)
            for f, l, p, e, c, s, src in rows]


SORT_KEYS = {
    "name": lambda m: (m.last_name, m.first_name, m.id),
    "phone": lambda m: (m.phone, m.id),
    "email": lambda m: (m.email, m.id),
    "location": lambda m: (m.state, m.city, m.id),
    "source": lambda m: (m.source, m.id),
    "updated": lambda m: (m.updated_at, m.id),
}


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_each_column(auth_client, people, key, descending):
    expected = [m.id for m in sorted(people, key=SORT_KEYS[key], reverse=descending)]
    sort = f"-{key}" if descending else key
    assert row_ids(auth_client.get(f"/members/?sort={sort}", headers=HX)) == expected


def test_default_sort_is_name_and_unknown_sort_falls_back(auth_client, people):
    by_name = [m.id for m in sorted(people, key=SORT_KEYS["name"])]
    assert row_ids(auth_client.get("/members/", headers=HX)) == by_name
    assert row_ids(auth_client.get("/members/?sort=-password", headers=HX)) == by_name


@pytest.mark.parametrize("query, names", [
    ("ada", {"Ada"}),
    ("HOPPER", {"Grace"}),
    ("nasa.gov", {"Katherine"}),
    ("(617) 555-0000", {"Alan"}),
    ("617.555.0000", {"Alan"}),
    ("+1 617 555 0000", {"Alan"}),
    ("5550", {"Grace", "Alan", "Katherine", "Edsger"}),
    ("grace hopper", {"Grace"}),
    ("grace turing", set()),
    ("100%", set()),
    ("a_a", set()),
    ("ov", {"Ada", "Katherine"}),
])
def test_search_by_name_phone_digits_and_email(auth_client, people, query, names):
    ids = row_ids(auth_client.get("/members/", query_string={"q": query}, headers=HX))
    assert {m.first_name for m in people if m.id in ids} == names and len(ids) == len(names)


def test_filter_by_source(auth_client, people):
    ids = row_ids(auth_client.get("/members/?source=actionkit", headers=HX))
    assert sorted(ids) == sorted(m.id for m in people if m.source == "actionkit")


@pytest.mark.parametrize("big_group", [5000, 1])  # both query shapes: IN (small groups), EXISTS (big)
def test_filter_by_group_and_combined_with_search(auth_client, make_member, make_group, monkeypatch, big_group):
    from webapp.store import member_query
    monkeypatch.setattr(member_query, "BIG_GROUP", big_group)
    volunteers, donors = make_group("Volunteers"), make_group("Donors")
    ada = make_member(first_name="Ada", groups=[volunteers])
    both = make_member(first_name="Adam", groups=[volunteers, donors])
    make_member(first_name="Adele", groups=[donors])
    assert sorted(row_ids(auth_client.get(f"/members/?group={volunteers.id}", headers=HX))) == [ada.id, both.id]
    assert row_ids(auth_client.get(f"/members/?group={donors.id}&q=adam", headers=HX)) == [both.id]


def test_filters_survive_in_sort_links_and_export_link(auth_client, people):
    body = auth_client.get("/members/?q=ada&source=manual&sort=-email", headers=HX).get_data(as_text=True)
    assert "/members/?q=ada&amp;source=manual&amp;sort=email" in body
    assert "/members/export.csv?q=ada&amp;source=manual" in body
    assert "1 member" in body


def walk(client, url):
    """Follow Next links from url; returns the pages of ids and the last response."""
    pages, response = [], client.get(url, headers=HX)
    pages.append(row_ids(response))
    while (next_url := link(response, "next")) is not None:
        response = client.get(next_url, headers=HX)
        pages.append(row_ids(response))
        assert len(pages) < 50, "pagination does not end"
    return pages, response


@pytest.mark.parametrize("search, expected", [("", 11), ("sa", 10)])
@pytest.mark.parametrize("sort", ["name", "-name", "email", "-email", "updated", "-updated", "location"])
def test_pages_cover_every_member_once_with_ties_and_blanks(app, auth_client, make_member, sort, search, expected):
    app.config["MEMBERS_PAGE_SIZE"] = 3
    tie = datetime(2026, 5, 1)
    for i in range(11):  # many ties on name, on updated_at, and some blank emails/cities
        make_member(first_name="Sam" if i % 4 else None, last_name="Same" if i % 3 else None,
                    email=None if i % 5 == 0 else f"p{i % 3}@example.org",
                    city=None if i % 2 else "Austin", state="TX", updated_at=tie)
    pages, last = walk(auth_client, f"/members/?sort={sort}&q={search}")
    ids = [i for page in pages for i in page]
    assert len(ids) == expected and len(set(ids)) == expected
    assert [len(p) for p in pages] == [3, 3, 3, expected - 9]
    assert link(auth_client.get(f"/members/?sort={sort}&q={search}", headers=HX), "prev") is None
    back, response = [], last
    while (prev_url := link(response, "prev")) is not None:
        response = auth_client.get(prev_url, headers=HX)
        back.insert(0, row_ids(response))
    assert back == pages[:-1]


def test_tampered_cursor_shows_first_page(auth_client, people):
    first = row_ids(auth_client.get("/members/", headers=HX))
    assert row_ids(auth_client.get("/members/?after=garbage!!", headers=HX)) == first
    assert row_ids(auth_client.get("/members/?before=bm90IGpzb24", headers=HX)) == first


def test_table_refreshes_itself_at_the_current_url(auth_client, people):
    body = auth_client.get("/members/?q=ada&sort=-name", headers=HX).get_data(as_text=True)
    assert 'hx-get="/members/?q=ada&amp;sort=-name" hx-trigger="member-updated from:body"' in body


def test_counts_stop_at_a_cap(auth_client, make_member, monkeypatch):
    from webapp.store import member_query
    monkeypatch.setattr(member_query, "COUNT_CAP", 3)
    monkeypatch.setattr(member_query, "SEARCH_COUNT_CAP", 2)
    for name in ("Ann", "Anna", "Annie", "Bo"):
        make_member(first_name=name)
    assert "More than 3 members" in auth_client.get("/members/", headers=HX).get_data(as_text=True)
    assert "More than 2 members" in auth_client.get("/members/?q=ann", headers=HX).get_data(as_text=True)
    assert "1 member<" in auth_client.get("/members/?q=bo", headers=HX).get_data(as_text=True)
