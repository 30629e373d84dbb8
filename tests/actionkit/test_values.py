"""Timestamp, URI and query-value conversions at the ActionKit boundary."""
from datetime import date, datetime, timedelta, timezone

import pytest

from webapp.actionkit import format_ak_datetime, parse_ak_datetime
from webapp.actionkit.values import chunks, id_from_uri, query_params, user_id_from_akid

UTC = timezone.utc


@pytest.mark.parametrize("raw, expected", [
    ("2013-10-02T00:56:36", datetime(2013, 10, 2, 0, 56, 36, tzinfo=UTC)),
    ("2016-02-11T16:34:43.628761", datetime(2016, 2, 11, 16, 34, 43, 628761, tzinfo=UTC)),
    ("2016-02-11T16:34:43.628", datetime(2016, 2, 11, 16, 34, 43, 628000, tzinfo=UTC)),
    ("2016-02-11 16:34:43", datetime(2016, 2, 11, 16, 34, 43, tzinfo=UTC)),
    ("2016-02-11T16:34:43Z", datetime(2016, 2, 11, 16, 34, 43, tzinfo=UTC)),
    (None, None),
    ("", None),
])
def test_parse_ak_datetime(raw, expected):
    assert parse_ak_datetime(raw) == expected


@pytest.mark.parametrize("raw", ["yesterday", "2016-02-11", "2016-02-11T16:34:43+02:00", "2016-13-01T00:00:00"])
def test_parse_ak_datetime_rejects_other_shapes(raw):
    with pytest.raises(ValueError):
        parse_ak_datetime(raw)


@pytest.mark.parametrize("value, expected", [
    (datetime(2024, 5, 1, 12, 30, 15, 999999), "2024-05-01T12:30:15"),
    (datetime(2024, 5, 1, 14, 30, 15, tzinfo=timezone(timedelta(hours=2))), "2024-05-01T12:30:15"),
    (datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC), "2024-05-01T12:30:15"),
    (date(2024, 5, 1), "2024-05-01T00:00:00"),
    ("2024-05-01T12:30:15.5", "2024-05-01T12:30:15"),
])
def test_format_ak_datetime_is_naive_utc(value, expected):
    assert format_ak_datetime(value) == expected


def test_round_trip_keeps_second_precision():
    stamp = "2021-07-04T09:08:07"
    assert format_ak_datetime(parse_ak_datetime(stamp)) == stamp


@pytest.mark.parametrize("uri, expected", [
    ("/rest/v1/user/12/", 12), ("/rest/v1/user/12", 12), ("https://h/rest/v1/user/7/", 7), (5, 5),
    (None, None), ("/rest/v1/alloweduserfield/color/", None),
])
def test_id_from_uri(uri, expected):
    assert id_from_uri(uri) == expected


@pytest.mark.parametrize("akid, expected", [(".3.jcWz_1", 3), ("17.10555997.eGocuB", 10555997), ("junk", None),
                                            (None, None)])
def test_user_id_from_akid(akid, expected):
    assert user_id_from_akid(akid) == expected


def test_query_params_join_lists_format_dates_and_drop_none():
    params = query_params({"id__in": [1, 2, 3], "updated_at__gte": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
                           "email": None, "groups": 4, "flag": True})
    assert params == {"id__in": "1,2,3", "updated_at__gte": "2024-01-02T03:04:05", "groups": "4", "flag": "true"}


def test_chunks_cap_batches():
    assert [len(batch) for batch in chunks(range(250), 100)] == [100, 100, 50]
    assert list(chunks([], 100)) == []
