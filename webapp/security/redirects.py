"""Where a browser may be sent after login: only paths on this site (no open redirect)."""
from urllib.parse import unquote, urlsplit

from webapp.security.text import has_control_chars


def is_local_path(target):
    """True for "/members/?q=x"-style paths; False for anything a browser could read as another host."""
    if not isinstance(target, str) or not target.startswith("/"):
        return False
    for candidate in (target, unquote(target)):
        if candidate.startswith(("//", "/\\")) or "\\" in candidate:
            return False
        if has_control_chars(candidate) or any(ch.isspace() for ch in candidate):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True


def safe_next(target, fallback):
    """`target` when it is a local path, else `fallback`."""
    return target if is_local_path(target) else fallback
