"""Liveness for the platform router: database and Redis status, no login."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from webapp.extensions import db
from webapp.queues import get_redis

bp = Blueprint("health", __name__)


def _check(probe):
    """Run one probe and report ok or the error class (never the message: it may hold secrets)."""
    try:
        probe()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - health must report, not raise
        return f"down ({type(exc).__name__})"


@bp.get("/healthz")
def healthz():
    """200 when both the database and Redis answer, 503 otherwise."""
    status = {
        "database": _check(lambda: db.session.execute(text("SELECT 1"))),
        "redis": _check(lambda: get_redis().ping()),
    }
    db.session.rollback()
    healthy = all(v == "ok" for v in status.values())
    return jsonify(status=("ok" if healthy else "degraded"), **status), (200 if healthy else 503)
