"""POST /webhooks/actionkit/<token>: ActionKit's page-action notices, answered 202 in milliseconds.

The request only reads the token (a Redis copy), parses the body as a hint and pushes the action
ids it names onto a Redis list; the drain job does everything else. No login, no CSRF, no cookie.
"""
from flask import Blueprint, current_app, jsonify, request
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from jobs.sync.notice_queue import push_notice
from webapp.extensions import csrf
from webapp.rules.webhook_notice import MAX_BODY_BYTES, UnreadableNotice, parse_notice
from webapp.store.webhook_token import token_matches

bp = Blueprint("webhooks", __name__)
csrf.exempt(bp)
MAX_TOKEN_LENGTH = 64


def _refusal(status, error):
    """A short JSON refusal (ActionKit logs the body; staff read it there)."""
    return jsonify({"error": error}), status


def _read_body():
    """The raw body, or None when it exceeds the limit (checked on the header first, then on what arrives)."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return None
    body = request.stream.read(MAX_BODY_BYTES + 1)
    return None if len(body) > MAX_BODY_BYTES else body


UNAVAILABLE = ("Kitbridge cannot queue notices right now (its job store is unreachable). Nothing was "
               "stored; the 10-minute fetch still finds every new action.")


@bp.post("/actionkit/<token>")
def actionkit(token):
    """Take one notice; Redis or the database being down is a 503 ActionKit can log, never a 500."""
    try:
        return _take_notice(token)
    except (RedisError, SQLAlchemyError):
        current_app.logger.exception("webhook notice refused: Redis or the database is unreachable")
        return _refusal(503, UNAVAILABLE)


def _take_notice(token):
    """Check the token, read the hint, queue it; the answer says what was understood."""
    if len(token) > MAX_TOKEN_LENGTH or not token_matches(token):
        return _refusal(404, "Unknown webhook address. Copy the current one from Kitbridge's ActionKit Settings.")
    body = _read_body()
    if body is None:
        return _refusal(413, f"The body is larger than {MAX_BODY_BYTES // 1024} KB; a notice needs a few bytes.")
    try:
        action_ids = parse_notice(body, request.content_type)
    except UnreadableNotice as exc:
        return _refusal(400, str(exc))
    if action_ids:
        push_notice(action_ids)
    return jsonify({"accepted": True, "action_ids": action_ids,
                    "note": "" if action_ids else "No action id in the notice; the 10-minute fetch finds new "
                                                   "actions anyway."}), 202
