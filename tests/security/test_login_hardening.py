"""Login: only same-site next, sessions that end at logout, one answer for every refusal, per-address throttle."""
import re

import pytest

from tests.conftest import build_app
from webapp.extensions import db
from webapp.models import StaffUser

PASSWORD = "correct horse battery"


def _login(client, email="staff@example.org", password=PASSWORD, next_url=None, address="10.0.0.1"):
    url = "/login" if next_url is None else "/login?next=" + next_url
    return client.post(url, data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("next_url", [
    "/%09/evil.example", "/%0a/evil.example", "/%20/evil.example", "//evil.example", "/%2F/evil.example",
    "/\\evil.example", "/%5Cevil.example", "https://evil.example/", "javascript:alert(1)",
    "%2F%2Fevil.example", "/%252F%252Fevil.example", "http:/evil.example",
])
def test_next_never_leaves_the_site(client, staff, next_url):
    response = _login(client, next_url=next_url)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_url", ["/groups/", "/members/?q=ada&sort=-name", "/actionkit/users?page=2"])
def test_next_follows_local_paths(client, staff, next_url):
    assert _login(client, next_url=next_url.replace("?", "%3F").replace("&", "%26")).headers["Location"] == next_url


def test_a_session_cookie_is_dead_after_logout(client, staff):
    _login(client)
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    client.set_cookie("session", stolen)  # replay the cookie captured before logout
    assert client.get("/members/").status_code == 302


def test_logout_ends_the_other_browsers_sessions_too(app, staff):
    first, second = app.test_client(), app.test_client()
    _login(first), _login(second)
    assert second.get("/members/").status_code == 200
    first.post("/logout")
    assert second.get("/members/").status_code == 302


def test_a_password_change_ends_existing_sessions(client, runner, staff):
    _login(client)
    assert client.get("/members/").status_code == 200
    result = runner.invoke(args=["create-admin", staff.email, "--password", "a-brand-new-password"])
    assert result.exit_code == 0, result.output
    assert client.get("/members/").status_code == 302


def _refusal(response):
    """Status and page, minus the CSRF token and the echoed email (the only parts that may differ)."""
    page = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.get_data(as_text=True))
    return response.status_code, re.sub(r'name="email"([^>]*) value="[^"]*"', r'name="email"\1', page)


def test_unknown_wrong_password_and_locked_answer_identically(app, client, staff):
    unknown = _refusal(_login(client, email="ghost@example.org"))
    wrong = _refusal(_login(client, password="wrong-password"))
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, password="wrong-password", address="10.0.0.2")
    locked = _refusal(_login(client))  # the right password, on a locked account
    assert unknown == wrong == locked
    assert unknown[0] == 401 and "Wrong email or password" in unknown[1]


def test_failed_attempts_are_throttled_per_client_address(app, client, staff):
    app.config["LOGIN_THROTTLE_MAX_FAILURES"] = 3
    for number in range(3):  # a different account each time: per-account lockout never triggers
        assert _login(client, email=f"guess{number}@example.org").status_code == 401
    throttled = _login(client)
    assert throttled.status_code == 429 and "Too many failed sign-ins" in throttled.get_data(as_text=True)
    assert client.get("/members/").status_code == 302
    assert _login(app.test_client(), address="10.9.9.9").status_code == 302  # another address is unaffected
    db.session.expire_all()
    assert db.session.get(StaffUser, staff.id).failed_logins == 0


def test_the_throttle_window_expires(app, client, staff):
    app.config.update(LOGIN_THROTTLE_MAX_FAILURES=1, LOGIN_THROTTLE_WINDOW_SECONDS=60)
    _login(client, password="wrong-password")
    assert _login(client).status_code == 429
    from webapp.queues import get_redis
    redis = get_redis()
    keys = redis.keys("kitbridge:login-failures:*")
    assert len(keys) == 1 and 0 < redis.ttl(keys[0]) <= 60
    redis.delete(*keys)  # what expiry does after the window
    assert _login(client).status_code == 302


def test_proxy_fix_setting_reads_the_client_address_from_the_router():
    app = build_app(PROXY_FIX_X_FOR=1, LOGIN_THROTTLE_MAX_FAILURES=1)
    with app.app_context():
        client = app.test_client()
        headers = {"X-Forwarded-For": "203.0.113.7"}
        client.post("/login", data={"email": "x@example.org", "password": "wrong"}, headers=headers)
        from webapp.queues import get_redis
        assert [key.decode() for key in get_redis().keys("kitbridge:login-failures:*")] == \
            ["kitbridge:login-failures:203.0.113.7"]
