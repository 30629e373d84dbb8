"""The webhook address on Settings, and rotating it: the old token stops working at once, in every process."""
from tests.conftest import app_config
from webapp import create_app
from webapp.extensions import db
from webapp.queues import get_redis
from webapp.store.webhook_token import current_token


def _status(client, token):
    return client.post(f"/webhooks/actionkit/{token}", data={"action_id": "5"}).status_code


def test_settings_card_shows_the_full_address_with_copy_and_rotate(auth_client, connected):
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert f'value="http://localhost/webhooks/actionkit/{connected.webhook_token}"' in body
    assert 'data-copy-target="webhook-url"' in body and "/static/webhook.js" in body
    assert 'href="/actionkit/webhook/rotate"' in body


def test_rotate_asks_first_then_the_old_token_is_404_at_once(app, auth_client, connected):
    old = connected.webhook_token
    assert _status(app.test_client(), old) == 202
    confirm = auth_client.get("/actionkit/webhook/rotate").get_data(as_text=True)
    assert "stops working at once" in confirm and connected.webhook_token == old
    response = auth_client.post("/actionkit/webhook/rotate")
    assert response.status_code == 303
    db.session.expire_all()
    new = connected.webhook_token
    assert new != old and len(new) >= 40
    assert _status(app.test_client(), old) == 404
    assert _status(app.test_client(), new) == 202
    settings = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert new in settings and old not in settings


def test_rotating_needs_a_staff_session(app, connected):
    client = app.test_client()
    assert client.post("/actionkit/webhook/rotate").status_code == 302
    db.session.expire_all()
    assert _status(client, connected.webhook_token) == 202


def test_another_process_stops_accepting_the_old_token_at_once(app, connected):
    other = create_app(app_config(), redis=get_redis(app))  # a second web process: same Redis and database
    old = connected.webhook_token
    assert _status(other.test_client(), old) == 202  # it has read (and cached) the token
    from webapp.store.webhook_token import rotate_webhook_token
    new = rotate_webhook_token(connected)
    db.session.commit()
    assert _status(other.test_client(), old) == 404
    assert _status(other.test_client(), new) == 202


def test_any_committed_token_change_reaches_the_cache_and_a_rollback_does_not(app, connected):
    old = connected.webhook_token
    assert current_token() == old
    connected.webhook_token = "rolled-back-token-" + "x" * 30
    db.session.flush()
    db.session.rollback()
    assert current_token() == old and _status(app.test_client(), old) == 202
    connected.webhook_token = "reconnected-token-" + "y" * 30  # as reconnect does, without the store
    db.session.commit()
    assert _status(app.test_client(), old) == 404
    assert _status(app.test_client(), connected.webhook_token) == 202


def test_cli_rotate_webhook_prints_the_new_path(app, runner, connected):
    old = connected.webhook_token
    result = runner.invoke(args=["actionkit", "rotate-webhook"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert f"/webhooks/actionkit/{connected.webhook_token}" in result.output
    assert _status(app.test_client(), old) == 404


def test_cli_rotate_webhook_without_an_integration_exits_with_one_line(runner):
    result = runner.invoke(args=["actionkit", "rotate-webhook"])
    assert result.exit_code != 0 and "No ActionKit instance is connected" in result.output


def test_no_integration_means_every_token_is_unknown(app):
    assert _status(app.test_client(), "a" * 43) == 404


def test_rotating_while_redis_is_down_still_commits_and_no_copy_outlives_a_minute(app, connected):
    import redis
    from webapp.store.webhook_token import CACHE_SECONDS, rotate_webhook_token, token_cache_key
    alive = get_redis(app)
    old = connected.webhook_token
    assert current_token() == old
    app.extensions["kitbridge.redis"] = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    try:
        new = rotate_webhook_token(connected)
        db.session.commit()  # does not raise: the token is rotated in the database
    finally:
        app.extensions["kitbridge.redis"] = alive
    db.session.expire_all()
    assert connected.webhook_token == new
    assert 0 < alive.ttl(token_cache_key()) <= CACHE_SECONDS <= 60  # the stale copy ends within a minute
    alive.delete(token_cache_key())  # ...as it does once it expires
    assert _status(app.test_client(), old) == 404 and _status(app.test_client(), new) == 202
