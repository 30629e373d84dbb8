"""Helpers for the members area (make_member and make_field live in the root conftest)."""
from webapp.extensions import db
from webapp.models import Member


def member_count():
    """How many members exist (to prove nothing was saved)."""
    return db.session.scalar(db.select(db.func.count()).select_from(Member))


HX = {"HX-Request": "true"}
