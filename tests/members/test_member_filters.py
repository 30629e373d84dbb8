"""Member list filters by source and by a group of any kind, with search, sort, paging and export;
bad filter values are dropped with a message on the list and refused by the export."""
import csv
import html
import io
import re

import pytest

from .conftest import HX

ROW_ID = re.compile(r'<tr id="member-(\d+)"')
OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


def row_ids(response):
    return [int(i) for i in ROW_ID.findall(response.get_data(as_text=True))]


def next_link(response):
    match = re.search(r'<a href="([^"]+)"[^>]*rel="next"', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def walk(client, url):
    """Every member id over all pages of a list URL, in order."""
    response, ids = client.get(url, headers=HX), []
    while True:
        ids += row_ids(response)
        url = next_link(response)
        if url is None:
            return ids
        response = client.get(url, headers=HX)


@pytest.fixture
def kinds(make_group, make_member):
    """One group of each kind and members spread over them with different sources."""
    groups = {kind: make_group(name, kind) for name, kind in (
        ("Volunteers", "manual"), ("ActionKit Integration", "actionkit_primary"),
        ("save-the-library", "actionkit_page"), ("Said yes to volunteering", "actionfield"),
        ("Donors", "actionkit_usergroup"))}
    page, field, usergroup = groups["actionkit_page"], groups["actionfield"], groups["actionkit_usergroup"]
    members = [(make_member(first_name=f"Petra{n}", last_name=f"Signer{n}", source=source, groups=joined), joined)
               for n, (source, joined) in enumerate([
                   ("actionkit", [page, field]), ("actionkit", [page]), ("import", [page, usergroup]),
                   ("actionkit", [page, field, usergroup]), ("manual", [field]), ("actionkit", [page, usergroup]),
                   ("sms", [usergroup])])]
    return groups, members


def test_group_options_name_every_group_with_its_kind(auth_client, kinds):
    groups, _ = kinds
    options = dict(OPTION.findall(auth_client.get("/members/").get_data(as_text=True)))
    assert options == {str(groups["manual"].id): "Volunteers (Manual)",
                       str(groups["actionkit_primary"].id): "ActionKit Integration (ActionKit primary)",
                       str(groups["actionkit_page"].id): "save-the-library (ActionKit page)",
                       str(groups["actionfield"].id): "Said yes to volunteering (Actionfield)",
                       str(groups["actionkit_usergroup"].id): "Donors (ActionKit usergroup)"}


@pytest.mark.parametrize("kind", ["actionkit_page", "actionfield", "actionkit_usergroup"])
def test_group_of_any_kind_combines_with_source_search_sort_paging_and_export(app, auth_client, kinds, kind):
    app.config["MEMBERS_PAGE_SIZE"] = 2
    groups, members = kinds
    group = groups[kind]
    in_group = [member for member, joined in members if group in joined]
    expected = sorted((m for m in in_group if m.source == "actionkit"), key=lambda m: m.last_name, reverse=True)
    assert len(expected) >= 2  # a source filter that did nothing would still be caught below
    query = f"group={group.id}&source=actionkit&q=petra&sort=-name"
    assert walk(auth_client, f"/members/?{query}") == [m.id for m in expected]
    exported = list(csv.reader(io.StringIO(auth_client.get(f"/members/export.csv?{query}").get_data(as_text=True))))
    assert sorted(int(row[0]) for row in exported[1:]) == sorted(m.id for m in expected)


@pytest.mark.parametrize("query, notice", [
    ("source=carrier-pigeon", "The source filter “carrier-pigeon” is not one of manual"),
    ("group=abc", "The group filter must be a whole number id"),
    ("group=99999999999", "The group filter must be a whole number id"),
    ("group=424242", "No group has id 424242"),
])
def test_bad_filter_values_are_ignored_with_a_message(auth_client, kinds, query, notice):
    _, members = kinds
    for headers in (HX, {}):
        response = auth_client.get(f"/members/?{query}&q=petra", headers=headers)
        body = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 200 and notice in body and "That filter was ignored." in body
        assert sorted(row_ids(response)) == sorted(member.id for member, _ in members)


def test_a_good_filter_survives_beside_a_bad_one(auth_client, kinds):
    groups, members = kinds
    response = auth_client.get(f"/members/?group={groups['actionkit_usergroup'].id}&source=nope", headers=HX)
    assert "The source filter" in html.unescape(response.get_data(as_text=True))
    usergroup = groups["actionkit_usergroup"]
    assert sorted(row_ids(response)) == sorted(member.id for member, joined in members if usergroup in joined)


@pytest.mark.parametrize("query", ["source=carrier-pigeon", "group=abc", "group=424242"])
def test_export_refuses_a_filter_it_cannot_use(auth_client, kinds, query):
    response = auth_client.get(f"/members/export.csv?{query}")
    assert response.status_code == 400 and "Nothing was exported" in html.unescape(response.get_data(as_text=True))
