"""The factory builds an app, login gates admin pages, health answers."""


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_admin_redirects_to_login(client):
    response = client.get("/members/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_then_members(auth_client):
    assert auth_client.get("/members/").status_code == 200


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok" and response.json["redis"] == "ok"
