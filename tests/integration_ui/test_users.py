"""Users tab: status filter, search, sort, paging, CSV export, the per-user ledger and retry."""
import csv
import io

import pytest

from tests.integration_ui.conftest import add_ak_user, add_event
from webapp.extensions import db

HX = {"HX-Request": "true"}


@pytest.fixture
def users(connected):
    """Five scanned users across the statuses."""
    rows = [
        add_ak_user(connected, 101, "synced", email="ann@example.org", first_name="Ann", last_name="Lee",
                    phone_e164="+15555550101", phone_raw="555-555-0101", phone_type="mobile"),
        add_ak_user(connected, 102, "no_phone", email="bob@example.org", first_name="Bob", last_name="Zed",
                    reason="no mobile, work or home phone"),
        add_ak_user(connected, 103, "invalid_phone", email="cat@example.org", first_name="Cat",
                    last_name="Moe", phone_raw="12", reason="not a valid number"),
        add_ak_user(connected, 104, "error", email="=cmd@example.org", first_name="Dee", last_name="Abe",
                    reason="ActionKit returned 400"),
        add_ak_user(connected, 105, "duplicate_phone", email="eve@example.org", first_name="Eve",
                    last_name="Kim", phone_e164="+15555550101", reason="same phone as user 101"),
    ]
    db.session.commit()
    return rows


def _ids(body):
    return [int(line.split(">")[1].split("<")[0]) for line in body.split('<tr id="ak-user-')[1:]
            for line in [line.split("<td", 1)[1]]]


def test_lists_every_user_with_status_and_reason(auth_client, users):
    body = auth_client.get("/actionkit/users").get_data(as_text=True)
    assert "<html" in body and "5 users" in body
    for label in ("Synced", "No phone", "Invalid phone", "Error", "Duplicate phone"):
        assert label in body
    assert "same phone as user 101" in body


def test_filter_by_status_returns_fragment_for_htmx(auth_client, users):
    response = auth_client.get("/actionkit/users?status=error", headers=HX)
    body = response.get_data(as_text=True)
    assert "<html" not in body and "HX-Request" in response.headers["Vary"]
    assert _ids(body) == [104]


@pytest.mark.parametrize("q, expected", [("ann@", [101]), ("bob zed", [102]), ("Moe", [103]),
                                         ("5550101", [101, 105]), ("555-555-0101", [101, 105])])
def test_search_email_name_phone(auth_client, users, q, expected):
    body = auth_client.get("/actionkit/users", query_string={"q": q}, headers=HX).get_data(as_text=True)
    assert _ids(body) == expected


def test_sort_both_ways(auth_client, users):
    body = auth_client.get("/actionkit/users?sort=name", headers=HX).get_data(as_text=True)
    assert _ids(body) == [104, 105, 101, 103, 102]
    body = auth_client.get("/actionkit/users?sort=-ak_id", headers=HX).get_data(as_text=True)
    assert _ids(body) == [105, 104, 103, 102, 101]
    assert 'aria-sort="descending"' in body


def test_pagination(app, auth_client, users):
    app.config["MEMBERS_PAGE_SIZE"] = 2
    first = auth_client.get("/actionkit/users", headers=HX).get_data(as_text=True)
    assert _ids(first) == [101, 102] and 'rel="next"' in first and 'rel="prev"' not in first
    last = auth_client.get("/actionkit/users?page=3", headers=HX).get_data(as_text=True)
    assert _ids(last) == [105] and 'rel="next"' not in last and 'rel="prev"' in last


def test_csv_export_of_filtered_list(auth_client, users):
    response = auth_client.get("/actionkit/users.csv?q=example.org&sort=-ak_id&status=error")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["ak_id"] for row in rows] == ["104"]
    assert rows[0]["email"] == "'=cmd@example.org"  # spreadsheet formula neutralised
    all_rows = list(csv.DictReader(io.StringIO(auth_client.get("/actionkit/users.csv").get_data(as_text=True))))
    assert len(all_rows) == 5 and all_rows[0]["status"] == "synced"


def test_detail_shows_ledger_both_directions(auth_client, users):
    add_event(101, "first_name", "", "Ann", direction="to_member", rule="populate")
    add_event(101, "city", "Reno", "Elko", direction="to_actionkit", rule="two_way", source="staff")
    add_event(999, "city", "x", "other-user-change")
    db.session.commit()
    body = auth_client.get(f"/actionkit/users/{users[0].id}").get_data(as_text=True)
    assert "To member" in body and "To ActionKit" in body
    assert "Elko" in body and "Reno" in body and "staff" in body and "two_way" in body
    assert "other-user-change" not in body


def test_retry_errored_user(auth_client, users, monkeypatch):
    from jobs import sync
    calls = []
    monkeypatch.setattr(sync, "retry_user", calls.append)
    errored = users[3]
    body = auth_client.get(f"/actionkit/users/{errored.id}").get_data(as_text=True)
    assert "Retry this user" in body
    response = auth_client.post(f"/actionkit/users/{errored.id}/retry")
    assert response.status_code == 302 and calls == [errored.id]
    response = auth_client.post(f"/actionkit/users/{errored.id}/retry", headers=HX)
    assert response.status_code == 204 and response.headers["HX-Refresh"] == "true"


def test_unknown_user_is_404(auth_client, connected):
    assert auth_client.get("/actionkit/users/9999").status_code == 404


def test_linked_member_links_to_member_page(auth_client, connected):
    from webapp.models import Member
    member = Member(phone="+15555550199", first_name="Lin")
    db.session.add(member)
    db.session.flush()
    user = add_ak_user(connected, 300, "synced", member_id=member.id)
    db.session.commit()
    for path in ("/actionkit/users", f"/actionkit/users/{user.id}"):
        body = auth_client.get(path).get_data(as_text=True)
        assert f'href="/members/{member.id}"' in body


@pytest.mark.parametrize("q", ["%", "_", "a_n@"])
def test_search_wildcards_are_literal(auth_client, users, q):
    body = auth_client.get("/actionkit/users", query_string={"q": q}, headers=HX).get_data(as_text=True)
    assert _ids(body) == []
