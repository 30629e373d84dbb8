"""Health answers 503 when a dependency is down; create-admin makes a working login."""
import redis as redis_lib

from webapp import create_app
from webapp.extensions import db
from webapp.models import StaffUser
from tests.conftest import app_config


def test_healthz_needs_no_login_and_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_503_when_redis_down(app):
    dead = redis_lib.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    app.extensions["kitbridge.redis"] = dead
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["redis"].startswith("down") and response.json["database"] == "ok"


def test_healthz_503_when_database_down():
    broken = create_app(app_config(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-dir/x/y.db"),
                        redis=__import__("fakeredis").FakeRedis())
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"].startswith("down") and response.json["redis"] == "ok"


def test_create_admin_with_password(app, runner):
    result = runner.invoke(args=["create-admin", "Boss@Example.org", "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    staff = db.session.scalar(db.select(StaffUser))
    assert staff.email == "boss@example.org" and staff.check_password("long-enough-pw")


def test_create_admin_prompts_for_password(app, runner):
    result = runner.invoke(args=["create-admin", "p@example.org"], input="prompted-pw-1\nprompted-pw-1\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(StaffUser)).check_password("prompted-pw-1")


def test_create_admin_rejects_short_password(app, runner):
    result = runner.invoke(args=["create-admin", "p@example.org", "--password", "short"])
    assert result.exit_code != 0
    assert "at least 8 characters" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 0


def test_a_missing_page_answers_404_in_the_product_layout(auth_client):
    response = auth_client.get("/members/999999")
    body = response.get_data(as_text=True)
    assert response.status_code == 404 and 'id="main"' in body and "Back to the member list" in body
    fragment = auth_client.get("/members/999999", headers={"HX-Request": "true"})
    assert fragment.status_code == 404 and "<html" not in fragment.get_data(as_text=True)
