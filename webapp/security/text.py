"""Pure checks for untrusted text: control characters, ids and page numbers from URLs and forms.

PostgreSQL refuses NUL in text (psycopg raises DataError), and other control characters only
ever arrive by accident or attack, so every boundary refuses them with a clear message.
"""
import re

from webapp.rules.values import UNSTORABLE_CHARS

# C0 controls, DEL, C1 controls and lone surrogates (the rules' one definition). Multi-line text keeps
# tab, newline and carriage return; a single-line value refuses them too.
_SINGLE_LINE_FORBIDDEN = re.compile(f"[{UNSTORABLE_CHARS}\t\n\r]")
_MULTI_LINE_FORBIDDEN = re.compile(f"[{UNSTORABLE_CHARS}]")
_ASCII_DIGITS = re.compile("[0-9]{1,20}")
MAX_DB_ID = 2**31 - 1  # PostgreSQL INTEGER; a larger id can exist nowhere and overflows the driver
MAX_PAGE = 1_000_000


class InvalidInput(ValueError):
    """Bad input from a URL or CLI option; str() is the message shown to the person (a 400, never a 500)."""


def has_control_chars(text, multiline=False):
    """Whether `text` holds a character no database value or single input should contain."""
    if not isinstance(text, str):
        return False
    pattern = _MULTI_LINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    return pattern.search(text) is not None


def describe_control_char(text):
    """Name the first offending character so the message says what to remove (e.g. U+0000)."""
    match = _SINGLE_LINE_FORBIDDEN.search(text or "")
    return f"U+{ord(match.group()):04X}" if match else ""


def refuse_control_chars(text, what, multiline=False):
    """Return `text` unchanged, or raise InvalidInput naming the field and the character."""
    if has_control_chars(text, multiline):
        raise InvalidInput(f"{what} contains a control character ({describe_control_char(text)}); "
                           "remove it and try again.")
    return text


def parse_id(text, what):
    """An id from a URL or filter: None when blank, an int in the database's range, else InvalidInput."""
    text = (text or "").strip()
    if not text:
        return None
    if not _ASCII_DIGITS.fullmatch(text) or int(text) > MAX_DB_ID:
        raise InvalidInput(f"{what} must be a whole number id (got {text[:40]!r}).")
    return int(text)


def parse_page(text):
    """A page number from a URL: garbage or out-of-range values fall back into 1..MAX_PAGE."""
    text = (text or "").strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return 1
    return min(max(int(text), 1), MAX_PAGE)
