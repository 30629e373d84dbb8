"""Retry policy, backoff, Retry-After, URL building and paging, against a scripted session (no network)."""
import pytest
import requests

from webapp.actionkit import (ActionKitClient, AuthError, ConnectionFailed, ForeignLink, NotFound, PagingLoop,
                              ServerError, UnsafeRedirect)
from webapp.actionkit.paging import next_page_cost
from webapp.actionkit.transport import Transport

from .test_errors import fake_response


class ScriptedSession(requests.Session):
    """A Session whose request() replays scripted responses/exceptions and records each call."""

    def __init__(self, script):
        super().__init__()
        self.script = list(script)
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def client_with(script, **options):
    """A client on a scripted session that records its (would-be) sleeps instead of sleeping."""
    session = ScriptedSession(script)
    client = ActionKitClient("https://act.example.org/", "api", "pw", session=session, **options)
    client.sleeps = []
    client.transport.sleep = client.sleeps.append
    return client, session


def page(objects, next_link=None, total=None):
    """A list response body."""
    meta = {"limit": 100, "offset": 0, "next": next_link, "previous": None, "total_count": total or len(objects)}
    return fake_response(200, {"meta": meta, "objects": objects})


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_retryable_statuses_are_retried_then_succeed(status):
    client, session = client_with([fake_response(status), fake_response(status), fake_response(200, {"id": 1})])
    assert client.get_user(1) == {"id": 1}
    assert len(session.calls) == 3 and client.requests_made == 3 and client.retries == 2
    assert len(client.sleeps) == 2


@pytest.mark.parametrize("status, error", [(400, "ValidationError"), (401, "AuthError"), (404, "NotFound"),
                                           (409, "Conflict")])
def test_client_errors_are_never_retried(status, error):
    client, session = client_with([fake_response(status)] * 3)
    with pytest.raises(Exception) as caught:
        client.get_user(1)
    assert type(caught.value).__name__ == error
    assert len(session.calls) == 1 and client.sleeps == []


def test_retries_give_up_with_the_typed_error():
    client, session = client_with([fake_response(503)] * 2, max_retries=1)
    with pytest.raises(ServerError):
        client.get_user(1)


def test_retry_after_header_is_honoured():
    client, _ = client_with([fake_response(429, headers={"Retry-After": "7"}), fake_response(200, {"id": 1})])
    client.get_user(1)
    assert client.sleeps == [7.0]


def test_backoff_is_jittered_exponential_and_capped():
    transport = Transport("https://h", "u", "p", backoff_base=0.5, backoff_cap=4)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (8, 4.0)]:
        delays = {transport.backoff(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter


def test_connection_errors_are_retried_for_gets():
    refused = requests.exceptions.ConnectionError("[Errno 111] Connection refused")
    client, session = client_with([refused, fake_response(200, {"id": 3})])
    assert client.get_user(3) == {"id": 3}
    assert len(session.calls) == 2


def test_read_timeout_on_post_is_not_resent():
    """A POST that timed out may have been processed; resending could create a second action."""
    client, session = client_with([requests.exceptions.ReadTimeout("read timed out"), fake_response(201)])
    with pytest.raises(ConnectionFailed, match="act.example.org.*timeout"):
        client.post_action({"page": "p", "email": "a@b.org"})
    assert len(session.calls) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_post_answered_with_a_server_error_is_not_resent(status):
    """ActionKit may fail after taking the action; the push re-checks ActionKit instead of posting again."""
    client, session = client_with([fake_response(status, {"error": "try later"}), fake_response(201)])
    with pytest.raises(ServerError):
        client.post_action({"page": "p", "email": "a@b.org"})
    assert len(session.calls) == 1 and client.sleeps == []


def test_every_request_has_a_timeout_and_urls_end_with_slash():
    client, session = client_with([fake_response(200, {"id": 1}), page([])], timeout=(3, 9))
    client.get_user(1)
    client.count_users()
    assert [call[1] for call in session.calls] == ["https://act.example.org/rest/v1/user/1/",
                                                  "https://act.example.org/rest/v1/user/"]
    assert all(call[2]["timeout"] == (3, 9) for call in session.calls)


def test_paging_follows_meta_next_verbatim_and_lazily():
    link = "/rest/v1/user/?order_by=updated_at&_offset=100&_limit=100"
    client, session = client_with([page([{"id": 1}], link, total=150), page([{"id": 2}], total=150)])
    users = client.iter_users()
    assert session.calls == []  # lazy: nothing fetched before iteration
    assert next(users) == {"id": 1} and len(session.calls) == 1
    assert list(users) == [{"id": 2}]
    assert session.calls[1][1] == "https://act.example.org" + link and session.calls[1][2]["params"] is None
    first = session.calls[0][2]["params"]
    assert first == {"_limit": "100", "order_by": "updated_at"}
    assert client.records_spent == 150  # 100, then 50: total_count says the tail page holds 50


@pytest.mark.parametrize("link, total, expected", [
    ("/rest/v1/phone/?user__in=1,2&_offset=100&_limit=100", 121, 21),
    ("/rest/v1/phone/?_offset=100&_limit=100", 500, 100),
    ("/rest/v1/phone/?_offset=100&_limit=0", 130, 30),
    ("/rest/v1/phone/?_offset=100&_limit=100", None, 100),
    ("/rest/v1/phone/?_limit=100", 121, 100),
    ("/rest/v1/phone/?_offset=100&_limit=100", 90, 1),
])
def test_next_page_cost_charges_the_tail_exactly(link, total, expected):
    assert next_page_cost(link, {"total_count": total}, 100) == expected


def test_auth_error_on_verify_credentials():
    client, _ = client_with([fake_response(401)])
    with pytest.raises(AuthError, match="ActionKit rejected the username or password"):
        client.verify_credentials()


def test_get_user_by_email_returns_none_when_absent():
    client, session = client_with([page([])])
    assert client.get_user_by_email("nobody@example.org") is None
    assert session.calls[0][2]["params"] == {"email": "nobody@example.org", "_limit": "1"}
    assert client.records_spent == 1


def test_not_found_carries_status():
    client, _ = client_with([fake_response(404)])
    with pytest.raises(NotFound) as caught:
        client.get_action(5)
    assert caught.value.status == 404


@pytest.mark.parametrize("link", ["https://evil.example.org/rest/v1/user/?_offset=100",
                                  "//evil.example.org/rest/v1/user/?_offset=100",
                                  "http://act.example.org/rest/v1/user/?_offset=100",
                                  "https://act.example.org:8443/rest/v1/user/?_offset=100"])
def test_next_link_on_another_origin_is_never_requested(link):
    client, session = client_with([page([{"id": 1}], link, total=150)])
    with pytest.raises(ForeignLink, match="points at"):
        list(client.iter_users())
    assert len(session.calls) == 1


def test_next_link_on_the_same_origin_is_followed():
    link = "https://act.example.org:443/rest/v1/user/?_offset=100&_limit=100"
    client, session = client_with([page([{"id": 1}], link, total=150), page([{"id": 2}], total=150)])
    assert [u["id"] for u in client.iter_users()] == [1, 2]
    assert session.calls[1][1] == link


def test_next_link_back_to_the_first_page_is_a_loop_even_reordered():
    link = "/rest/v1/user/?order_by=updated_at&_limit=100"
    client, session = client_with([page([{"id": 1}], link, total=150)])
    with pytest.raises(PagingLoop):
        list(client.iter_users())
    assert len(session.calls) == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_never_followed(status):
    client, session = client_with([fake_response(status, headers={"Location": "http://10.0.0.1/admin/"})])
    with pytest.raises(UnsafeRedirect, match=r"redirect to http://10\.0\.0\.1/admin/; Kitbridge does not follow"):
        client.get_user(1)
    assert session.calls[0][2]["allow_redirects"] is False and len(session.calls) == 1
