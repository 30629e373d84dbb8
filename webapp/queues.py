"""Redis connection and RQ queue owned by the app (injected in dev and tests)."""
import redis as redis_lib
from flask import current_app
from rq import Queue

QUEUE_NAME = "default"


def connect(url):
    """Open a Redis client; Heroku's rediss:// uses a self-signed certificate."""
    options = {}
    if url.startswith("rediss://"):
        options["ssl_cert_reqs"] = None
    return redis_lib.Redis.from_url(url or "redis://127.0.0.1:6379/0", **options)


def init_app(app, redis=None):
    """Attach the connection and queue; connecting is lazy so import and create_app stay cheap."""
    connection = redis if redis is not None else connect(app.config.get("REDIS_URL", ""))
    app.extensions["kitbridge.redis"] = connection
    app.extensions["kitbridge.queue"] = Queue(QUEUE_NAME, connection=connection)


def get_redis(app=None):
    """The app's Redis connection."""
    return (app or current_app).extensions["kitbridge.redis"]


def get_queue(app=None):
    """The app's default RQ queue."""
    return (app or current_app).extensions["kitbridge.queue"]
