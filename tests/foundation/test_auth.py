"""Login, logout, lockout after repeated failures, cookie flags, CSRF."""
from datetime import timedelta

from webapp.extensions import db
from webapp.models import StaffUser, utcnow
from tests.conftest import build_app

PASSWORD = "correct horse battery"


def _login(client, email="staff@example.org", password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_password_is_hashed(staff):
    assert PASSWORD not in staff.password_hash
    assert staff.check_password(PASSWORD)


def test_wrong_password_is_refused_with_message(client, staff):
    response = _login(client, password="nope-nope")
    assert response.status_code == 401
    assert b"Wrong email or password" in response.data
    assert client.get("/members/").status_code == 302


def test_unknown_email_is_refused_the_same_way(client, staff):
    response = _login(client, email="ghost@example.org")
    assert response.status_code == 401
    assert b"Wrong email or password" in response.data


def test_login_and_logout(client, staff):
    assert _login(client).status_code == 302
    assert client.get("/members/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/members/").status_code == 302


def test_repeated_failures_lock_the_account(app, client, staff):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        _login(client, password="wrong-password")
    response = _login(client)
    # Locked answers exactly like a wrong password, so the lock doesn't confirm the account exists.
    assert response.status_code == 401
    assert b"Wrong email or password" in response.data
    assert client.get("/members/").status_code == 302


def test_lock_expires(app, client, staff):
    staff.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _login(client).status_code == 302


def test_next_parameter_only_follows_local_paths(client, staff):
    response = client.post("/login?next=https://evil.example/", data={"email": staff.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    response = client.post("/login?next=/groups/", data={"email": staff.email, "password": PASSWORD})
    assert response.headers["Location"] == "/groups/"


def test_session_cookie_flags(app, client, staff):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = _login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_csrf_rejects_posts_without_token():
    app = build_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        response = client.post("/login", data={"email": "a@b.org", "password": "x"})
        assert response.status_code == 400
        assert b"CSRF" in response.data
        assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 0


def test_csrf_header_token_is_accepted():
    app = build_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from webapp.cli.staff import create_or_update_admin
        create_or_update_admin("csrf@example.org", PASSWORD)
        db.session.commit()
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        response = client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD},
                               headers={"X-CSRFToken": token})
        assert response.status_code == 302
        assert client.post("/logout").status_code == 400  # no token: refused
        page = client.get("/login").get_data(as_text=True)  # login rotates the session token
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        assert client.post("/logout", headers={"X-CSRFToken": token}).status_code == 302
        from tests.conftest import _empty_tables
        _empty_tables()
