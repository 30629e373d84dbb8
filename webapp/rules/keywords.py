"""Consent keywords carriers require: which texts unsubscribe, resubscribe or ask for help.

A keyword is the whole text, in any case, with surrounding spaces (and a trailing . or !) ignored,
so "Stop" and " stop. " unsubscribe while "please stop by tomorrow" is an ordinary reply.
"""

from __future__ import annotations

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP"})

__all__ = ["STOP_WORDS", "START_WORDS", "HELP_WORDS", "consent_keyword", "normalized_keyword"]


def normalized_keyword(body: str | None) -> str:
    """The text as a keyword would be compared: trimmed, upper case, one trailing . or ! dropped."""
    text = (body or "").strip().upper()
    return text[:-1].rstrip() if text.endswith((".", "!")) else text


def consent_keyword(body: str | None, subscribed: bool) -> str | None:
    """"stop", "start", "help" or None; START/YES only count for an unsubscribed member (else a flow may want YES)."""
    word = normalized_keyword(body)
    if word in STOP_WORDS:
        return "stop"
    if word in HELP_WORDS:
        return "help"
    if word in START_WORDS and not subscribed:
        return "start"
    return None
