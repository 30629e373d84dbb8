"""What the webhook answers, and that refusals leave no trace (no notice, no job, no row, no cookie)."""
import io
import json

from jobs.sync.notice_queue import backlog
from tests.webhook.conftest import queued_job_ids, stored_actions


def _nothing_touched(app):
    assert backlog() == (0, 0)
    assert queued_job_ids(app) == []
    assert stored_actions() == []


def test_a_form_notice_is_accepted_queued_and_sets_no_cookie(app, hook):
    response = hook(data={"action_id": "41", "page": "p", "user_id": "3", "akid": ".3.x", "created_at": "x"})
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json()["action_ids"] == [41]
    assert "Set-Cookie" not in response.headers
    assert backlog() == (1, 0)
    assert len(queued_job_ids(app)) == 1


def test_json_notices_of_other_shapes_are_hints_too(app, hook):
    shapes = [{"id": 7}, {"action": "/rest/v1/petitionaction/8/"}, {"action": {"id": "9"}},
              [{"action_id": 10}, {"action_id": 10}, {"resource_uri": "/rest/v1/action/11/"}]]
    answers = [hook(data=json.dumps(shape), content_type="application/json").get_json() for shape in shapes]
    assert [a["action_ids"] for a in answers] == [[7], [8], [9], [10, 11]]
    assert backlog() == (5, 0)
    assert len(queued_job_ids(app)) == 1  # one drain job for every notice


def test_a_notice_naming_no_action_is_accepted_and_queues_nothing(app, hook):
    response = hook(data={"hello": "world"})
    assert response.status_code == 202 and response.get_json()["action_ids"] == []
    _nothing_touched(app)


def test_unknown_token_is_404_and_touches_nothing(app, hook, connected):
    token = connected.webhook_token
    near_miss = token[:-1] + ("B" if token.endswith("A") else "A")
    for token in ("x" * 43, near_miss, "y" * 300):
        response = hook(token=token, data={"action_id": "5"})
        assert response.status_code == 404 and "Unknown webhook address" in response.get_json()["error"]
        assert "Set-Cookie" not in response.headers
    _nothing_touched(app)


def test_a_body_over_64_kb_is_413_and_touches_nothing(app, hook):
    response = hook(data={"action_id": "5", "pad": "x" * 70_000})
    assert response.status_code == 413 and "64 KB" in response.get_json()["error"]
    _nothing_touched(app)


def test_a_chunked_body_over_64_kb_is_413_too(app, hook):
    body = io.BytesIO(b"action_id=5&pad=" + b"x" * 80_000)  # no Content-Length, as a chunked request arrives
    response = hook(input_stream=body, content_type="application/x-www-form-urlencoded",
                    environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    _nothing_touched(app)


def test_unparseable_bodies_are_400_with_a_reason_and_touch_nothing(app, hook):
    cases = [(b'{"action_id": 5', "application/json", "not valid JSON"),
             (b"action_id=5&\xff", "application/x-www-form-urlencoded", "not UTF-8"),
             (b"<notice><id>5</id></notice>", "application/xml", "not application/xml"),
             (b"a=1&&b", "application/x-www-form-urlencoded", "not a valid form")]
    for body, content_type, reason in cases:
        response = hook(data=body, content_type=content_type)
        assert response.status_code == 400, body
        assert reason in response.get_json()["error"]
    _nothing_touched(app)


def test_get_is_not_allowed(app, connected):
    assert app.test_client().get(f"/webhooks/actionkit/{connected.webhook_token}").status_code == 405


def test_redis_down_is_a_503_with_a_reason_not_a_500(app, hook):
    import redis
    from webapp.queues import get_redis
    alive = get_redis(app)
    app.extensions["kitbridge.redis"] = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    try:
        response = hook(data={"action_id": "5"})
    finally:
        app.extensions["kitbridge.redis"] = alive
    assert response.status_code == 503 and "cannot queue notices" in response.get_json()["error"]
    assert "Set-Cookie" not in response.headers
    _nothing_touched(app)


def test_the_webhook_needs_no_csrf_token_when_csrf_is_on(connected):
    from tests.conftest import build_app
    from tests.sync_jobs.conftest import FAST_CLIENT
    from webapp.queues import get_redis
    strict = build_app(**FAST_CLIENT, WTF_CSRF_ENABLED=True)
    strict.extensions["kitbridge.redis"] = get_redis()  # the same Redis, so it sees the token's copy
    response = strict.test_client().post(f"/webhooks/actionkit/{connected.webhook_token}", data={"action_id": "5"})
    assert response.status_code == 202, response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
