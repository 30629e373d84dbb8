"""Placeholder command module; filled in by its area's work."""


def register(app):
    """Nothing yet."""
