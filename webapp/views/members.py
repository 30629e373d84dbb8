"""Placeholder blueprint; filled in by its area's work."""
from flask import Blueprint

bp = Blueprint("members", __name__)


@bp.get("/")
def index():
    """Temporary member list."""
    return "members"
