"""Pages and Actions tabs over real synced data: list, search, filters, sort, paging, sync/unsync, bad args."""
import re

import pytest

from webapp.extensions import db
from webapp.models import AkAction, AkPage, Group

from jobs import sync
from tests.pages.conftest import actions_of, busiest_page, first_user_with, page_named, post_action, run_jobs

HX = {"HX-Request": "true"}


def _page_rows(body):
    return re.findall(r'<tr id="ak-page-(\d+)"', body)


def _action_rows(body):
    return [int(i) for i in re.findall(r'<tr id="ak-action-(\d+)"', body)]


def test_pages_tab_lists_every_page_with_its_columns(auth_client, activated):
    body = auth_client.get("/actionkit/pages").get_data(as_text=True)
    pages = list(db.session.scalars(db.select(AkPage)))
    assert "<html" in body and f"{len(pages)} pages" in body and 'aria-current="page">Pages<' in body
    for page in pages:
        row = body.split(f'<tr id="ak-page-{page.id}"')[1].split("</tr>")[0]
        for text in (page.type, page.title, page.name, f">{page.action_count}<", "Not synced"):
            assert text in row


@pytest.mark.parametrize("query, expect", [({"q": "LIBRARY"}, ["save-the-library"]),
                                           ({"q": "petition"}, ["clean-air-now", "save-the-library"]),
                                           ({"synced": "synced"}, []),
                                           ({"q": "%"}, [])])
def test_pages_search_and_filter(auth_client, activated, query, expect):
    body = auth_client.get("/actionkit/pages", query_string=query, headers=HX).get_data(as_text=True)
    names = [db.session.get(AkPage, int(i)).name for i in _page_rows(body)]
    assert "<html" not in body and names == expect


def test_pages_sort_both_ways(auth_client, activated):
    ascending = _page_rows(auth_client.get("/actionkit/pages?sort=actions", headers=HX).get_data(as_text=True))
    descending = _page_rows(auth_client.get("/actionkit/pages?sort=-actions", headers=HX).get_data(as_text=True))
    counts = [db.session.get(AkPage, int(i)).action_count for i in ascending]
    assert counts == sorted(counts) and len(set(counts)) > 1
    assert [db.session.get(AkPage, int(i)).action_count for i in descending] == sorted(counts, reverse=True)


def test_control_characters_in_query_args_are_a_clear_400(auth_client, activated):
    for path in ("/actionkit/pages?sort=%00", "/actionkit/actions?q=a%00b"):
        response = auth_client.get(path)
        assert response.status_code == 400 and "control character" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("query", ["synced=maybe", "page=-4", "page=abc", "q=" + "x" * 5000,
                                   "sort=name;drop"])
def test_pages_bad_query_args_are_ignored(auth_client, activated, query):
    response = auth_client.get(f"/actionkit/pages?{query}")
    assert response.status_code == 200


def test_sync_and_unsync_from_the_row_menu(app, auth_client, activated):
    page = busiest_page()
    response = auth_client.post(f"/actionkit/pages/{page.id}/sync", headers=HX)
    assert response.status_code == 204 and response.headers["HX-Refresh"] == "true"
    run_jobs(app)
    page = page_named(page.name)
    assert page.synced and actions_of(page)
    body = auth_client.get("/actionkit/pages").get_data(as_text=True)
    assert f"Page “{page.name}” is synced." in body and "Stop syncing" in body
    response = auth_client.post(f"/actionkit/pages/{page.id}/unsync")
    assert response.status_code == 302
    page = page_named(page.name)
    assert not page.synced and db.session.get(Group, page.group_id) is not None
    body = auth_client.get("/actionkit/pages").get_data(as_text=True)
    assert "is no longer synced. Its group and members were kept" in body


def test_sync_of_an_unknown_page_is_404(auth_client, activated):
    assert auth_client.post("/actionkit/pages/99999/sync").status_code == 404


def test_sync_while_sync_accounts_is_off_explains_why(auth_client, activated):
    from jobs import sync
    integration = db.session.scalars(db.select(AkPage)).first()
    sync.deactivate(integration.integration_id)
    db.session.commit()
    page = busiest_page()
    auth_client.post(f"/actionkit/pages/{page.id}/sync")
    body = auth_client.get("/actionkit/pages").get_data(as_text=True)
    assert "was not synced: Turn on Sync Accounts first" in body and not page_named(page.name).synced


def test_actions_tab_lists_actions_of_synced_pages(app, auth_client, synced_page):
    body = auth_client.get("/actionkit/actions?sort=time").get_data(as_text=True)
    rows = actions_of(synced_page)
    assert 'aria-current="page">Actions<' in body and f"{len(rows)} actions" in body
    first = rows[0]
    row = body.split(f'<tr id="ak-action-{first.id}"')[1].split("</tr>")[0]
    assert synced_page.name in row and "Backfill" in row and f"#{first.ak_user_id}" in row
    assert ("Member added" in row) if first.outcome == "added" else (first.reason in row)


def test_actions_keyset_pages_cover_every_row_once(app, auth_client, synced_page):
    app.config["MEMBERS_PAGE_SIZE"] = 7
    seen, args = [], {"sort": "user"}
    while True:
        body = auth_client.get("/actionkit/actions", query_string=args, headers=HX).get_data(as_text=True)
        seen += _action_rows(body)
        match = re.search(r'href="[^"]*after=([^"&]+)[^"]*"[^>]*rel="next"', body)
        if not match:
            break
        args = {"sort": "user", "after": match.group(1)}
    expected = [r.id for r in sorted(actions_of(synced_page), key=lambda r: (r.ak_user_id, r.id))]
    assert seen == expected
    back = re.search(r'href="[^"]*before=([^"&]+)[^"]*"[^>]*rel="prev"', body)
    previous = auth_client.get("/actionkit/actions", query_string={"sort": "user", "before": back.group(1)},
                               headers=HX).get_data(as_text=True)
    assert _action_rows(previous) == seen[-len(_action_rows(body)) - 7:-len(_action_rows(body))]


def test_actions_filter_by_outcome_page_and_search(app, auth_client, raw, synced_page):
    post_action(raw, synced_page.name, first_user_with("synced").ak_id, shirt_size="Large-XL")
    sync.run_cycle()
    rows = actions_of(synced_page)
    skipped = [r.id for r in rows if r.outcome == "skipped"]
    body = auth_client.get("/actionkit/actions", query_string={"outcome": "skipped", "sort": "time"},
                           headers=HX).get_data(as_text=True)
    assert sorted(_action_rows(body)) == sorted(skipped)
    other = db.session.scalars(db.select(AkPage).where(AkPage.id != synced_page.id)).first()
    body = auth_client.get("/actionkit/actions", query_string={"page": other.id}, headers=HX).get_data(as_text=True)
    assert _action_rows(body) == []
    target = next(r for r in rows if r.fields)
    value = "large-xl"
    body = auth_client.get("/actionkit/actions", query_string={"q": value}, headers=HX).get_data(as_text=True)
    found = _action_rows(body)
    assert target.id in found
    assert all(value.lower() in str(db.session.get(AkAction, i).fields).lower() for i in found)
    body = auth_client.get("/actionkit/actions", query_string={"q": str(target.ak_user_id)},
                           headers=HX).get_data(as_text=True)
    assert target.id in _action_rows(body)


@pytest.mark.parametrize("query", ["outcome=nope", "sort=bogus", "after=%%%", "before=W1tbWw", "q=%25_",
                                   "after=WyIyMDI0Il0"])
def test_actions_bad_query_args_are_ignored(auth_client, synced_page, query):
    assert auth_client.get(f"/actionkit/actions?{query}").status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "99999999999999999999"])
def test_actions_malformed_page_filter_is_a_clear_400(auth_client, synced_page, page):
    response = auth_client.get("/actionkit/actions", query_string={"page": page})
    assert response.status_code == 400 and "The page filter must be a whole number id" in response.get_data(as_text=True)
