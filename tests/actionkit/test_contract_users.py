"""Contract: our client against a live aksandbox over HTTP — users, phones, filters, paging, writes."""
import math
from datetime import timedelta, timezone

import pytest

from webapp.actionkit import Conflict, NotFound, ValidationError, parse_ak_datetime

from .conftest import SEEDED_USERS


@pytest.fixture(scope="module")
def all_users(sandbox):
    """Every seeded user, read once by id order (ground truth for the filter tests)."""
    from .conftest import make_client
    return list(make_client(sandbox).iter_users(order_by="id"))


@pytest.fixture(scope="module")
def all_phones(sandbox):
    """Every seeded phone."""
    from .conftest import make_client
    return list(make_client(sandbox).iter_phones())


def test_verify_credentials_and_count(ak):
    assert ak.verify_credentials() == SEEDED_USERS
    assert ak.count_users() == SEEDED_USERS
    assert ak.requests_made == 2 and ak.records_spent == 2


def test_paging_past_100_is_exact(ak, all_users):
    users = list(ak.iter_users())
    assert len(users) == SEEDED_USERS
    assert ak.requests_made == 3  # 100 + 100 + 50
    assert ak.records_spent == 250  # 100, 100, then the tail page charged exactly (total_count says 50)
    assert sorted(u["id"] for u in users) == sorted(u["id"] for u in all_users)
    assert len({u["id"] for u in users}) == SEEDED_USERS
    stamps = [parse_ak_datetime(u["updated_at"]) for u in users]
    assert stamps == sorted(stamps)


def test_order_by_id(all_users):
    ids = [u["id"] for u in all_users]
    assert ids == sorted(ids) and len(ids) == SEEDED_USERS


def middle_stamp(users, fraction):
    """An updated_at that splits the users somewhere inside the list."""
    stamps = sorted(parse_ak_datetime(u["updated_at"]) for u in users)
    return stamps[int(len(stamps) * fraction)]


def test_updated_since_and_before_windows(ak, all_users):
    since, before = middle_stamp(all_users, 0.3), middle_stamp(all_users, 0.8)
    parsed = {u["id"]: parse_ak_datetime(u["updated_at"]) for u in all_users}
    expect_since = {i for i, t in parsed.items() if t >= since}
    expect_window = {i for i, t in parsed.items() if since <= t < before}
    assert {u["id"] for u in ak.iter_users(updated_since=since)} == expect_since
    assert {u["id"] for u in ak.iter_users(updated_before=before)} == {i for i, t in parsed.items() if t < before}
    assert {u["id"] for u in ak.iter_users(updated_since=since, updated_before=before)} == expect_window
    assert ak.count_users(updated_at__gte=since) == len(expect_since)
    assert 0 < len(expect_window) < len(expect_since) < SEEDED_USERS


def test_aware_datetimes_are_sent_as_utc(ak, all_users):
    since = middle_stamp(all_users, 0.5)
    elsewhere = since.astimezone(timezone(timedelta(hours=-5)))
    assert [u["id"] for u in ak.iter_users(updated_since=elsewhere)] == \
        [u["id"] for u in ak.iter_users(updated_since=since)]


def test_iter_users_with_phones_batches_phones_per_page(ak, all_users):
    pairs = list(ak.iter_users_with_phones())
    assert len(pairs) == SEEDED_USERS
    for user, phones in pairs:
        assert sorted(p["resource_uri"] for p in phones) == sorted(user["phones"])
        assert all(p["user"] == user["resource_uri"] for p in phones)
    pages = [pairs[i:i + 100] for i in range(0, SEEDED_USERS, 100)]
    phone_requests = sum(max(1, math.ceil(sum(len(ph) for _, ph in chunk) / 100)) for chunk in pages)
    assert ak.requests_made == 3 + phone_requests  # one user page + ceil(phones/100) phone pages each


def test_get_user_and_not_found(ak, all_users):
    first = all_users[0]
    assert ak.get_user(first["id"]) == first
    with pytest.raises(NotFound) as caught:
        ak.get_user(999999)
    assert caught.value.status == 404 and caught.value.body is None
    assert ak.requests_made == 2  # 404 is not retried


def test_get_user_by_email(ak, all_users):
    target = all_users[17]
    assert ak.get_user_by_email(target["email"])["id"] == target["id"]
    assert ak.get_user_by_email("nobody-at-all@example.invalid") is None


def test_get_users_by_ids_batches_by_100(ak, all_users):
    wanted = [u["id"] for u in all_users[:150]] + [987654]
    users = ak.get_users_by_ids(wanted)
    assert sorted(u["id"] for u in users) == sorted(wanted[:150])
    assert ak.requests_made == 2


def test_phone_type_filters(ak, all_phones):
    mobiles = list(ak.iter_phones(types=["mobile"]))
    assert mobiles and all(p["type"] == "mobile" for p in mobiles)
    assert len(mobiles) == sum(p["type"] == "mobile" for p in all_phones)
    home_work = list(ak.iter_phones(types=("home", "work")))
    assert {p["type"] for p in home_work} == {"home", "work"}
    assert len(mobiles) + len(home_work) == len(all_phones)


def test_phone_updated_since(ak, all_phones):
    since = middle_stamp(all_phones, 0.5)
    expected = {p["id"] for p in all_phones if parse_ak_datetime(p["updated_at"]) >= since}
    assert {p["id"] for p in ak.iter_phones(updated_since=since)} == expected


def test_get_phones_for_users(ak, all_phones, all_users):
    ids = [u["id"] for u in all_users[:120]]
    by_user = ak.get_phones_for_users(ids)
    expected = {}
    for phone in all_phones:
        user_id = int(phone["user"].rstrip("/").rsplit("/", 1)[1])
        if user_id in ids:
            expected.setdefault(user_id, set()).add(phone["id"])
    assert {k: {p["id"] for p in v} for k, v in by_user.items()} == expected


def test_create_user_returns_id_from_location(ak):
    user_id = ak.create_user({"email": "new.person@example.org", "first_name": "New", "zip": "10001"})
    assert isinstance(user_id, int)
    user = ak.get_user(user_id)
    assert user["email"] == "new.person@example.org" and user["first_name"] == "New"
    assert user["city"] and user["state"] == "NY"  # 15.7: zip brings city and state


def test_create_user_duplicate_email_is_conflict_with_existing_id(ak, all_users):
    owner = all_users[5]
    with pytest.raises(Conflict) as caught:
        ak.create_user({"email": owner["email"]})
    error = caught.value
    assert error.status == 409 and error.existing_id == owner["id"]
    assert "email" in error.errors and owner["email"] in error.errors["email"][0]
    assert ak.requests_made == 1  # 409 is not retried


def test_create_user_invalid_email_is_validation_error(ak):
    with pytest.raises(ValidationError) as caught:
        ak.create_user({"email": "not-an-email"})
    assert caught.value.status == 400 and "email" in caught.value.errors


def test_update_user_patches_fields_and_merges_custom_fields(ak, all_users):
    user = all_users[9]
    ak.update_user(user["id"], {"first_name": "Patched", "fields": {"pronouns": "they/them"}})
    after = ak.get_user(user["id"])
    assert after["first_name"] == "Patched" and after["fields"]["pronouns"] == "they/them"
    for name, value in user["fields"].items():
        if name != "pronouns":
            assert after["fields"][name] == value  # 15.5: PATCH merges by name
    assert after["updated_at"] >= user["updated_at"]


def test_update_user_errors(ak, all_users):
    with pytest.raises(NotFound):
        ak.update_user(999999, {"first_name": "X"})
    with pytest.raises(ValidationError) as caught:
        ak.update_user(all_users[1]["id"], {"fields": {"no_such_field": "x"}})
    assert "no_such_field" in caught.value.errors
    with pytest.raises(Conflict) as conflict:
        ak.update_user(all_users[1]["id"], {"email": all_users[2]["email"]})
    assert conflict.value.existing_id == all_users[2]["id"]
