"""Small helpers shared by the emulator modules: timestamps, tokens, phone digits."""
import base64
import hashlib
import time
from datetime import datetime, timezone

PHONE_TYPES = ("home", "work", "mobile")


def utcnow():
    """Naive UTC now, because ActionKit timestamps carry no zone."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def now_seconds():
    """Timestamp as REST CRUD writes it: second precision, no zone."""
    return utcnow().strftime("%Y-%m-%dT%H:%M:%S")


def now_micro():
    """Timestamp as action processing writes it: with microseconds."""
    return utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")


def normalize_timestamp(value):
    """Accept 'T' or space separators and a trailing Z so filters compare as text."""
    text = str(value).strip().replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1]
    if len(text) == 10:
        text += "T00:00:00"
    return text


def normalize_phone(phone):
    """Digits only, dropping the US leading 1 of an 11-digit number (decision 15.4)."""
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def make_token(secret, user_id):
    """akid-style token '.<user_id>.<hash>' with a 6-char url-safe sha256 hash."""
    digest = hashlib.sha256(f"{secret}.{user_id}".encode()).digest()
    return f".{user_id}.{base64.urlsafe_b64encode(digest).decode()[:6]}"


def user_id_from_akid(akid):
    """The user id inside '<mailing>.<user_id>.<hash>', or None if malformed."""
    parts = str(akid or "").split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return int(parts[1])


def to_bool(value):
    """Interpret JSON/form booleans leniently, as Django forms do."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "t", "yes", "y", "on")


def stamp(epoch):
    """Naive UTC text timestamp for an epoch second (used by the seed)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(int(epoch)))
