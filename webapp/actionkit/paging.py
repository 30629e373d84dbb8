"""Lazy list paging: follow `meta.next` on the same host only (3.1), never in a loop, charging each `_limit`."""
from urllib.parse import parse_qs, parse_qsl, urlparse

from .answers import list_meta, next_link, page_objects, total_count_of
from .errors import PagingLoop
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


def iter_batches_of(transport, resource, filters=None, page_size=PAGE_SIZE):
    """Yield each batch of checked `objects` (one list page of the API); one request each, nothing read ahead, none twice."""
    params = query_params(dict(filters or {}, _limit=page_size))
    url, cost = transport.url(resource), page_size
    seen = {page_key(transport.full_url(url, params))}
    while url:
        data = transport.get_json(url, params=params, cost=cost)
        yield page_objects(data, resource, url)
        link = next_link(data, url)
        if not link:
            return
        cost = next_page_cost(link, list_meta(data, url), page_size)
        url, params = transport.follow(link, url), None
        _refuse_repeat(seen, url)


def page_key(url):
    """A URL with its query parameters sorted, so a reordered repeat of a page is still recognised."""
    parts = urlparse(url)
    return (parts.scheme, parts.netloc.lower(), parts.path, tuple(sorted(parse_qsl(parts.query))))


def _refuse_repeat(seen, url):
    """Raise PagingLoop when `meta.next` leads back to a page this listing already read."""
    key = page_key(url)
    if key in seen:
        raise PagingLoop(method="GET", url=url, message=(
            f"ActionKit's next-page link leads back to a page already read ({urlparse(url).path}?"
            f"{urlparse(url).query}); Kitbridge stopped instead of reading the same pages forever"))
    seen.add(key)


def iter_objects(transport, resource, filters=None, page_size=PAGE_SIZE):
    """Yield every object of a filtered list, page by page."""
    for objects in iter_batches_of(transport, resource, filters, page_size):
        yield from objects


def first_object(transport, resource, filters):
    """The first matching object or None, for one record of budget."""
    for objects in iter_batches_of(transport, resource, filters, page_size=1):
        return objects[0] if objects else None
    return None


def total_count(transport, resource, filters=None):
    """`meta.total_count` of a filtered list, read with `_limit=1` (one request, one record)."""
    params = query_params(dict(filters or {}, _limit=1))
    url = transport.url(resource)
    return total_count_of(transport.get_json(url, params=params, cost=1), url)
