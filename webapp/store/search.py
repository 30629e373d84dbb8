"""Shared text-search helpers for the tables that search as you type."""


def contains_pattern(text):
    """A LIKE pattern matching `text` anywhere, with %, _ and \\ taken literally (use escape="\\")."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
