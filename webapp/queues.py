"""Redis connection, RQ queue and key names owned by the app (injected in dev and tests).

Every Redis name Kitbridge writes (lock keys, the queue, job ids, the scheduler's keys) carries
the app's namespace, so two deployments sharing one Redis never block or eat each other's work.
The namespace is KITBRIDGE_NAMESPACE, or else a short hash of the database URL: two deployments
differ without configuration, and every process of one deployment agrees.
"""
import hashlib
import re

import redis as redis_lib
from flask import current_app
from rq import Queue

NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def connect(url):
    """Open a Redis client; Heroku's rediss:// uses a self-signed certificate."""
    options = {}
    if url.startswith("rediss://"):
        options["ssl_cert_reqs"] = None
    return redis_lib.Redis.from_url(url or "redis://127.0.0.1:6379/0", **options)


def namespace_for(config):
    """KITBRIDGE_NAMESPACE when set (checked), else a hash of the database URL."""
    chosen = (config.get("KITBRIDGE_NAMESPACE") or "").strip()
    if not chosen:
        url = config.get("SQLALCHEMY_DATABASE_URI") or ""
        return hashlib.sha256(url.encode()).hexdigest()[:10]
    if not NAMESPACE_PATTERN.match(chosen):
        raise ValueError(f"KITBRIDGE_NAMESPACE must be 1-40 letters, digits, '-' or '_', not {chosen!r}.")
    return chosen


def init_app(app, redis=None):
    """Attach the connection, namespace and queue; connecting is lazy so create_app stays cheap."""
    connection = redis if redis is not None else connect(app.config.get("REDIS_URL", ""))
    namespace = namespace_for(app.config)
    app.extensions["kitbridge.redis"] = connection
    app.extensions["kitbridge.namespace"] = namespace
    app.extensions["kitbridge.queue"] = Queue(f"kitbridge-{namespace}", connection=connection)


def get_redis(app=None):
    """The app's Redis connection."""
    return (app or current_app).extensions["kitbridge.redis"]


def get_queue(app=None):
    """The app's RQ queue (its name carries the namespace)."""
    return (app or current_app).extensions["kitbridge.queue"]


def get_namespace(app=None):
    """The app's namespace for Redis names."""
    return (app or current_app).extensions["kitbridge.namespace"]


def queue_name(app=None):
    """The name of the app's queue, for workers."""
    return get_queue(app).name


def redis_key(app=None, *parts):
    """A Redis key in the app's namespace: redis_key(None, "lock", "sync-cycle")."""
    return ":".join(["kitbridge", get_namespace(app), *(str(part) for part in parts)])


def job_key(app=None, *parts):
    """An RQ job id in the app's namespace (job hashes are global in Redis, so ids must differ)."""
    return "-".join([get_namespace(app), *(str(part) for part in parts)])
