"""Hostile answers over real HTTP: redirects, foreign or looping next links, malformed bodies (item 8)."""
import itertools

import pytest

from webapp.actionkit import ForeignLink, MalformedAnswer, PagingLoop, UnsafeRedirect

from .conftest import control, make_client
from .recorder import Recorder

OFF = {"fault_mode": "", "fault_host": ""}


@pytest.fixture
def other_host():
    """A second listener standing in for an attacker's (or an internal) host."""
    with Recorder() as recorder:
        yield recorder


@pytest.fixture
def fault(sandbox, ak):
    """Switch the module sandbox into a fault mode for one test; always switched off afterwards."""
    def set_mode(mode, host=""):
        control(sandbox, fault_mode=mode, fault_host=host)
        return ak
    yield set_mode
    control(sandbox, **OFF)


def test_redirect_is_refused_and_nothing_reaches_the_other_host(fault, other_host):
    client = fault("redirect", other_host.origin)
    with pytest.raises(UnsafeRedirect) as caught:
        client.verify_credentials()
    assert str(caught.value).startswith(f"ActionKit answered with a redirect to {other_host.origin}/rest/v1/user/")
    assert "does not follow redirects with your credentials" in str(caught.value)
    assert other_host.requests == []


def test_next_link_on_another_host_is_refused_before_sending(fault, other_host):
    client = fault("next_other_host", other_host.origin)
    pages = client.iter_user_batches()
    assert len(next(pages)) == 100
    with pytest.raises(ForeignLink) as caught:
        next(pages)
    assert other_host.origin in str(caught.value) and client.base_url in str(caught.value)
    assert other_host.requests == []  # no request at all, so no Authorization header either


def test_next_link_loop_is_refused(fault):
    client = fault("next_loop")
    with pytest.raises(PagingLoop, match="already read"):
        list(itertools.islice(client.iter_users(), 2000))  # the islice only bounds a broken client
    assert client.requests_made == 1  # the repeat is seen before it is requested


@pytest.mark.parametrize("mode, words", [
    ("html", "an HTML page instead of JSON"),
    ("truncated_json", "JSON that could not be decoded (truncated or invalid)"),
    ("not_an_object", "expected a JSON object, got a list"),
])
def test_non_json_answers_are_malformed(fault, mode, words):
    client = fault(mode)
    with pytest.raises(MalformedAnswer) as caught:
        client.count_users()
    assert str(caught.value).startswith(f"ActionKit sent a malformed answer to GET /rest/v1/user/: {words}")


@pytest.mark.parametrize("mode, call, words", [
    ("objects_not_list", lambda c: list(c.iter_users()), "`objects` is an object, not a list"),
    ("users_without_id", lambda c: list(c.iter_users()), "a user object without an integer `id`"),
    ("users_without_id", lambda c: c.get_user(1), "a user object without an integer `id`"),
    ("malformed_phones", lambda c: c.get_phones_for_users([1, 2, 3, 4, 5, 6]), "without a `user` URI"),
    ("malformed_phones", lambda c: list(c.iter_phones(types=["mobile"])), "without a `user` URI"),
    ("phones_without_number", lambda c: c.get_phones_for_users(range(1, 30)), "without a `phone` string"),
])
def test_malformed_objects_are_refused_not_passed_on(fault, mode, call, words):
    client = fault(mode)
    with pytest.raises(MalformedAnswer, match=words):
        call(client)


def test_a_clean_listing_still_reads_every_page(sandbox):
    client = make_client(sandbox)
    users = list(client.iter_users())
    assert len(users) == len({u["id"] for u in users}) == 250
