"""Reading a preview's outcome: the ActionKit values its link would rewrite, and how the opt-in values read.

Kept apart from preview.py, which runs the dry link; these read what it left in the session
(before the rollback) or what ActionKit answered, and decide nothing the sync itself decides.
"""
import hashlib
import json
from collections import Counter

from webapp.extensions import db
from webapp.models import PushOutbox
from webapp.rules import OptIn, format_opt_in, parse_opt_in
from webapp.rules.eligibility import opt_in_raw_value

from jobs.sync.users.pair import OPT_KEY
from webapp.store.integration_mappings import field_maps

EXAMPLES = 3  # before -> after examples kept per ActionKit field
ODD_VALUES = 5  # unrecognizable opt-in values quoted in the warning
OPT_NAMES = {OptIn.TRUE: "true", OptIn.FALSE: "false", OptIn.UNKNOWN: "unrecognized", OptIn.MISSING: "missing"}


def _shown(value):
    """A value as staff read it in an example (pushes carry member text or the opt-in flag)."""
    return "" if value is None else str(value)


def examples_and_rewrites(ctx, pushes_before):
    """({ActionKit field: values the link would write}, {field: [before -> after]}) from the pushes it queued.

    The opt-in shows under its userfield's name; other keys map through the field mappings."""
    rewrites, examples = Counter(), {}
    query = db.select(PushOutbox).where(PushOutbox.id > pushes_before).order_by(PushOutbox.id)
    for row in db.session.scalars(query):
        former = row.former or {}
        for key, value in (row.changes or {}).items():
            ak_field = ctx.opt_in_field if key == OPT_KEY else (ctx.ak_field_of(key) or key)
            after = format_opt_in(bool(value)) if key == OPT_KEY else _shown(value)
            rewrites[ak_field] += 1
            found = examples.setdefault(ak_field, [])
            if len(found) < EXAMPLES:
                found.append({"ak_user_id": row.ak_user_id, "before": _shown(former.get(ak_field)), "after": after})
    return dict(sorted(rewrites.items())), examples


def _opt_in_kind(user, field):
    """(kind name, raw text) of one user's opt-in value; an unreadable `fields` reads as unrecognized."""
    try:
        raw = opt_in_raw_value(user, field)
    except (AttributeError, TypeError, ValueError):
        return "unrecognized", "(unreadable)"
    return OPT_NAMES[parse_opt_in(raw)], raw


def opt_in_summary(users, field):
    """({"true", "false", "unrecognized", "missing": n}, a few unrecognized values) over the sample."""
    counts, odd = Counter({name: 0 for name in OPT_NAMES.values()}), []
    for user in users:
        kind, raw = _opt_in_kind(user, field)
        counts[kind] += 1
        if kind == "unrecognized" and raw not in odd and len(odd) < ODD_VALUES:
            odd.append(raw)
    return dict(counts), odd


def opt_in_warnings(field, counts, odd):
    """"Is this the right field?" when most values of the chosen opt-in field are not true/false (or none exist)."""
    present = counts["true"] + counts["false"] + counts["unrecognized"]
    sampled = present + counts["missing"]
    if sampled and not present:
        return [f"No user in the sample has a value in the opt-in field '{field}', so every one would be "
                "skipped as having no opt-in value. Is this the right field?"]
    if present and counts["unrecognized"] * 2 > present:
        quoted = ", ".join(f"'{value}'" for value in odd)
        return [f"{counts['unrecognized']} of {present} values of the opt-in field '{field}' in the sample are "
                f"not recognizable as true/false (e.g. {quoted}). Is this the right field? Syncing would "
                "overwrite such values with true or false."]
    return []


def settings_fingerprint(integration):
    """A short hash of what decides a preview (instance, opt-in field, phone types, mappings): changed = stale."""
    maps = sorted([m.member_field, m.ak_field, bool(m.is_userfield), str(m.option)] for m in field_maps(integration))
    text = json.dumps([integration.hostname, integration.opt_in_field, list(integration.phone_type_list or []), maps])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
