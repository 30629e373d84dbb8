"""Value conversions at the ActionKit boundary: naive-UTC timestamps (12.12), URIs, query values."""
import re
from datetime import date, datetime, timezone

_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|[+-]00:?00)?$")


def parse_ak_datetime(value):
    """ActionKit's naive `YYYY-MM-DDTHH:MM:SS[.ffffff]` as an aware UTC datetime (None stays None)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    match = _TIMESTAMP.match(str(value).strip())
    if not match:
        raise ValueError(f"Not an ActionKit timestamp: {value!r}")
    day, clock, fraction, _zone = match.groups()
    micro = int((fraction or ".0")[1:].ljust(6, "0"))
    parsed = datetime.strptime(f"{day}T{clock}", "%Y-%m-%dT%H:%M:%S")
    return parsed.replace(microsecond=micro, tzinfo=timezone.utc)


def format_ak_datetime(value):
    """A filter value as naive UTC `YYYY-MM-DDTHH:MM:SS`: ActionKit rejects zone suffixes (10.2)."""
    if isinstance(value, str):
        value = parse_ak_datetime(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def id_from_uri(uri):
    """12 from '/rest/v1/user/12/' (or from a bare 12); None for None."""
    if uri is None:
        return None
    if isinstance(uri, int):
        return uri
    tail = str(uri).rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def user_id_from_akid(akid):
    """The user id inside an akid `<mailing>.<user>.<hash>` (10.4), or None."""
    parts = str(akid or "").split(".")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def query_value(value):
    """A filter value as ActionKit expects it: lists comma-joined (tastypie `__in`), datetimes naive UTC."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(query_value(item) for item in value)
    if isinstance(value, (datetime, date)):
        return format_ak_datetime(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query_params(filters):
    """Filters dict -> query params, dropping None so optional arguments can be passed through."""
    return {key: query_value(value) for key, value in filters.items() if value is not None}


def chunks(items, size):
    """Consecutive lists of at most `size` items (ActionKit caps pages and `__in` batches at 100)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
