"""List endpoints: filtering, ordering and paging exactly as decisions 15.2 and 15.3 say."""
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlencode

from .errors import server_error
from .util import normalize_timestamp

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
RESERVED = {"_limit", "_offset", "order_by", "format"}


@dataclass
class ListSpec:
    """How one resource is listed: table, allowed filters, orderable fields, serializer."""
    name: str
    table: str
    serialize: Callable
    filters: dict
    ordering: tuple = ("id", "created_at", "updated_at")
    base_where: tuple = ()
    key: str = "id"
    base_params: tuple = field(default_factory=tuple)


def common_filters():
    """id, id__gt, id__in and the four comparisons on created_at/updated_at (15.2)."""
    filters = {"id": ("id = ?", "int"), "id__gt": ("id > ?", "int"), "id__in": ("id IN ({})", "ints")}
    for column in ("created_at", "updated_at"):
        for op, symbol in (("gte", ">="), ("gt", ">"), ("lte", "<="), ("lt", "<")):
            filters[f"{column}__{op}"] = (f"{column} {symbol} ?", "ts")
    return filters


def to_int(key, value):
    """An integer filter value; '/rest/v1/user/12/' counts as 12."""
    text = str(value).strip().rstrip("/").split("/")[-1]
    try:
        return int(text)
    except ValueError:
        raise server_error(f"Invalid value '{value}' for the '{key}' filter.") from None


def split_multi(values):
    """`__in` accepts comma-separated values and repeated params."""
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


def filter_clause(key, sql, kind, values):
    """(sql, params) for one allowed filter and its raw values."""
    if kind in ("ints", "strs"):
        items = split_multi(values)
        if kind == "ints":
            items = [to_int(key, item) for item in items]
        if not items:
            return "1 = 0", []
        return sql.format(",".join("?" * len(items))), items
    value = values[-1]
    if kind == "int":
        return sql, [to_int(key, value)]
    if kind == "ts":
        return sql, [normalize_timestamp(value)]
    return sql, [str(value)]


def build_where(spec, args):
    """WHERE text and params for the query string; 400 for a filter not allowed (15.2)."""
    clauses, params = list(spec.base_where), list(spec.base_params)
    for key, values in args.lists():
        if key in RESERVED:
            continue
        if key not in spec.filters:
            raise server_error(f"The '{key.split('__')[0]}' field does not allow filtering.")
        sql, kind = spec.filters[key]
        clause, clause_params = filter_clause(key, sql, kind, values)
        clauses.append(clause)
        params.extend(clause_params)
    return (" AND ".join(clauses) or "1 = 1"), params


def build_order(spec, args):
    """ORDER BY text from order_by=field / -field, with the key as tiebreak."""
    raw = args.get("order_by")
    if not raw:
        return spec.key
    name = raw.lstrip("-")
    if name not in spec.ordering:
        raise server_error(f"No matching '{name}' field for ordering on.")
    direction = "DESC" if raw.startswith("-") else "ASC"
    return f"{name} {direction}, {spec.key} {direction}"


def parse_paging(args):
    """(limit, offset): default 20, 0 or >100 means 100, tastypie's 400s for junk."""
    raw_limit, raw_offset = args.get("_limit"), args.get("_offset", "0")
    try:
        limit = DEFAULT_LIMIT if raw_limit in (None, "") else int(raw_limit)
    except ValueError:
        limit = -1
    if limit < 0:
        raise server_error(f"Invalid limit '{raw_limit}' provided. Please provide a positive integer.")
    try:
        offset = int(raw_offset or 0)
    except ValueError:
        raise server_error(f"Invalid offset '{raw_offset}' provided. Please provide an integer.") from None
    if offset < 0:
        raise server_error(f"Invalid offset '{raw_offset}' provided. Please provide a positive integer >= 0.")
    return (MAX_LIMIT if limit == 0 or limit > MAX_LIMIT else limit), offset


def page_link(path, args, limit, offset):
    """Relative next/previous link keeping every other query parameter (15.3)."""
    pairs = [(k, v) for k, values in args.lists() if k not in ("_limit", "_offset") for v in values]
    pairs += [("_offset", offset), ("_limit", limit)]
    return f"{path}?{urlencode(pairs)}"


def run_list(store, spec, args, path):
    """The list envelope {meta, objects} for a GET on a list endpoint."""
    where, params = build_where(spec, args)
    order = build_order(spec, args)
    limit, offset = parse_paging(args)
    total = store.db.scalar(f"SELECT COUNT(*) FROM {spec.table} WHERE {where}", params)
    rows = store.db.query(f"SELECT * FROM {spec.table} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                          (*params, limit, offset))
    nxt = page_link(path, args, limit, offset + limit) if offset + limit < total else None
    prev = page_link(path, args, limit, max(0, offset - limit)) if offset > 0 else None
    meta = {"limit": limit, "next": nxt, "offset": offset, "previous": prev, "total_count": total}
    return {"meta": meta, "objects": spec.serialize(store, rows)}
