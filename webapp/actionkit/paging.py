"""Lazy list paging: follow `meta.next` verbatim (3.1) and charge each page's `_limit` to the budget."""
from urllib.parse import parse_qs, urlparse

from .values import query_params

PAGE_SIZE = 100  # ActionKit's maximum page size (3.1)


def _query_int(link, name, default):
    """An integer query parameter of a next link (`_limit`, `_offset`), or `default`."""
    values = parse_qs(urlparse(link).query).get(name)
    try:
        return int(values[-1]) if values else default
    except ValueError:
        return default


def next_page_cost(link, meta, page_size):
    """Records the next page can return: its `_limit`, or fewer when `total_count` says the list ends sooner.

    Charging the tail page exactly (not a full 100) is what lets a batched phone fetch use its budget."""
    limit = _query_int(link, "_limit", page_size)
    limit = PAGE_SIZE if limit == 0 or limit > PAGE_SIZE else limit
    total, offset = meta.get("total_count"), _query_int(link, "_offset", None)
    if total is None or offset is None:
        return limit
    return max(1, min(limit, int(total) - offset))


def iter_pages_of(transport, resource, filters=None, page_size=PAGE_SIZE):
    """Yield each page's `objects` list; one request per page, nothing read ahead."""
    params = query_params(dict(filters or {}, _limit=page_size))
    url, cost = transport.url(resource), page_size
    while url:
        data = transport.get_json(url, params=params, cost=cost)
        yield data.get("objects") or []
        meta = data.get("meta") or {}
        link = meta.get("next")
        if not link:
            return
        url, params, cost = transport.absolute(link), None, next_page_cost(link, meta, page_size)


def iter_objects(transport, resource, filters=None, page_size=PAGE_SIZE):
    """Yield every object of a filtered list, page by page."""
    for objects in iter_pages_of(transport, resource, filters, page_size):
        yield from objects


def first_object(transport, resource, filters):
    """The first matching object or None, for one record of budget."""
    for objects in iter_pages_of(transport, resource, filters, page_size=1):
        return objects[0] if objects else None
    return None


def total_count(transport, resource, filters=None):
    """`meta.total_count` of a filtered list, read with `_limit=1` (one request, one record)."""
    params = query_params(dict(filters or {}, _limit=1))
    data = transport.get_json(transport.url(resource), params=params, cost=1)
    return int(data["meta"]["total_count"])
