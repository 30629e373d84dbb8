"""Configuration read from the environment at app-creation time, never at import."""
import os
import secrets
from pathlib import Path

from webapp.messaging.settings import messaging_settings

DEFAULT_HTMX_URL = "https://unpkg.com/htmx.org@2.0.11/dist/htmx.min.js"
DEFAULT_HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"


def normalize_database_url(url):
    """Rewrite Heroku-style postgres:// URLs to the psycopg 3 dialect SQLAlchemy needs."""
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _flag(env, name, default="0"):
    """Read a boolean environment flag such as ACTIONKIT_ALLOW_INSECURE=1."""
    return env.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def _seconds(env, name, default, low, high):
    """A whole number of seconds from the environment, refused with a clear message when absurd."""
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{name} must be a whole number of seconds from {low} to {high}, not {text!r}.")
    return int(text)


def config_from_env(instance_path, env=None):
    """Build the config mapping from environment variables with safe local defaults."""
    env = os.environ if env is None else env
    sqlite_path = Path(instance_path) / "kitbridge.db"
    database_url = env.get("DATABASE_URL") or f"sqlite:///{sqlite_path}"
    return {
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
        "ENCRYPTION_KEY": env.get("ENCRYPTION_KEY", ""),
        "HTMX_URL": env.get("HTMX_URL", DEFAULT_HTMX_URL),
        "HTMX_SRI": env.get("HTMX_SRI", DEFAULT_HTMX_SRI if "HTMX_URL" not in env else ""),
        "ACTIONKIT_ALLOW_INSECURE": _flag(env, "ACTIONKIT_ALLOW_INSECURE"),
        "ACTIONKIT_RECORDS_PER_MINUTE": int(env.get("ACTIONKIT_RECORDS_PER_MINUTE", "1000")),
        "ACTIONKIT_RATE_WINDOW_SECONDS": int(env.get("ACTIONKIT_RATE_WINDOW_SECONDS", "60")),
        "ACTIONKIT_RATE_LIMIT_PATIENCE": float(env.get("ACTIONKIT_RATE_LIMIT_PATIENCE", "300")),
        "SESSION_COOKIE_SECURE": not _flag(env, "FLASK_DEBUG"),
        "KITBRIDGE_NAMESPACE": env.get("KITBRIDGE_NAMESPACE", "").strip(),
        "SYNC_LOCK_LEASE_SECONDS": _seconds(env, "SYNC_LOCK_LEASE_SECONDS", 60, 2, 3600),
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0") or 0),
        **messaging_settings(env),
    }


BASE_DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "MEMBERS_PAGE_SIZE": 50,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    "LOGIN_THROTTLE_MAX_FAILURES": 20,
    "LOGIN_THROTTLE_WINDOW_SECONDS": 300,
    "SYNC_INTERVAL_SECONDS": 600,
    # A cycle's watermark passes a second only once it is this old: ActionKit's clock may lag ours.
    "SYNC_SETTLE_SECONDS": 60,
}
