"""The webhook token: rotation, and a Redis copy every process reads so the webhook never waits on the database.

Every committed change of `Integration.webhook_token` (connect, reconnect, rotate, deletion) writes
the new value to Redis right after the commit, so an old token stops working at once in every web
process. A reader that finds no copy fills it from the database with SET NX: a fill that read the
old value just before a rotation can never overwrite the copy the rotation wrote.
"""
import hmac
import secrets

from flask import current_app, has_app_context
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, object_session

from webapp.extensions import db
from webapp.models import Integration
from webapp.queues import get_redis, redis_key

NO_TOKEN = "-"  # cached when no integration (or no token) exists, so unknown tokens cost no query
CACHE_SECONDS = 60  # bounds how long a copy can be stale if Redis was down when a token change committed
_PENDING = "kitbridge.webhook_token_written"


def token_cache_key():
    """The namespaced Redis key holding the current token."""
    return redis_key(None, "webhook", "token")


def new_token():
    """A fresh unguessable token (43 URL-safe characters, within the 64-character column)."""
    return secrets.token_urlsafe(32)


def rotate_webhook_token(integration):
    """Give the integration a new token (caller commits); the old one stops answering once committed."""
    integration.webhook_token = new_token()
    return integration.webhook_token


def webhook_path(token):
    """The path ActionKit posts to, for CLI output and status."""
    return f"/webhooks/actionkit/{token}"


def _stored_token():
    """The token in the database, or NO_TOKEN."""
    token = db.session.scalar(db.select(Integration.webhook_token).order_by(Integration.id).limit(1))
    return token or NO_TOKEN


def current_token():
    """The live token from Redis, filled from the database once (SET NX, see the module docstring)."""
    connection = get_redis()
    cached = connection.get(token_cache_key())
    if cached is not None:
        return cached.decode() if isinstance(cached, bytes) else cached
    token = _stored_token()
    connection.set(token_cache_key(), token, nx=True, ex=CACHE_SECONDS)
    return token


def token_matches(candidate):
    """Compare in constant time, so response timing never reveals how much of a guess was right."""
    token = current_token()
    if token == NO_TOKEN or not candidate:
        return False
    return hmac.compare_digest(token.encode(), candidate.encode(errors="replace"))


def _remember(target, token):
    """Note the token the target's session is about to commit (the last flush wins)."""
    session = object_session(target)
    if session is not None:
        session.info[_PENDING] = token or NO_TOKEN


@event.listens_for(Integration, "after_insert")
@event.listens_for(Integration, "after_update")
def _token_flushed(mapper, connection, target):
    """A flushed insert or token change is published after the commit."""
    if inspect(target).attrs.webhook_token.history.has_changes():
        _remember(target, target.webhook_token)


@event.listens_for(Integration, "after_delete")
def _integration_deleted(mapper, connection, target):
    """A deleted integration's token stops working too."""
    _remember(target, None)


@event.listens_for(Session, "after_commit")
def _publish(session):
    """Write the committed token to Redis for every process."""
    token = session.info.pop(_PENDING, None)
    if token is None or not has_app_context():
        return
    try:
        get_redis().set(token_cache_key(), token, ex=CACHE_SECONDS)
    except RedisError:  # the commit stands; the webhook answers 503 until Redis is back, then reads afresh
        current_app.logger.exception("could not publish the new webhook token to Redis")


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    """A rolled-back change publishes nothing."""
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
