"""Helpers for hostile-input and hardening tests (make_member and make_field live in the root conftest)."""
from webapp.extensions import db

NUL = "\x00"
HX = {"HX-Request": "true"}


def count(model):
    """Rows of a model, to prove a refused form saved nothing."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))
