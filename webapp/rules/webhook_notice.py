"""Reading a webhook notice: any JSON or form body is only a hint naming action ids, never data to store."""
import json
import re
from urllib.parse import parse_qsl

MAX_BODY_BYTES = 64 * 1024
MAX_IDS_PER_NOTICE = 100
MAX_ACTION_ID = 2**31 - 1  # an id beyond PostgreSQL's INTEGER can name no stored action
ID_KEYS = ("action_id", "actionid", "action", "id", "action_uri", "resource_uri", "uri")
ACTION_URI = re.compile(r"/rest/v1/[a-z]*action/(\d{1,10})/?(?:$|[?#])")
NESTED_KEYS = ("action", "data", "payload", "object")


class UnreadableNotice(ValueError):
    """The body cannot be read as JSON or a form; the message says why, for the 400 answer."""


def _as_action_id(value):
    """An action id from an int, a digit string or an action URI; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ACTION_ID else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 10:
        return _as_action_id(int(text))
    match = ACTION_URI.search(text)
    return _as_action_id(int(match.group(1))) if match else None


def _ids_in_mapping(mapping, depth=0):
    """The first action id found under the known keys, looking one level into nested objects."""
    lowered = {str(key).lower(): value for key, value in mapping.items()}
    for key in ID_KEYS:
        found = _as_action_id(lowered.get(key))
        if found is not None:
            return [found]
    if depth == 0:
        for key in NESTED_KEYS:
            if isinstance(lowered.get(key), dict):
                nested = _ids_in_mapping(lowered[key], depth + 1)
                if nested:
                    return nested
    return []


def action_ids_in(payload):
    """Every action id a parsed payload names (an object, or a list of them), deduped, at most 100."""
    items = payload if isinstance(payload, list) else [payload]
    ids = []
    for item in items[:MAX_IDS_PER_NOTICE]:
        if isinstance(item, dict):
            ids.extend(i for i in _ids_in_mapping(item) if i not in ids)
        else:
            found = _as_action_id(item)
            if found is not None and found not in ids:
                ids.append(found)
    return ids


def _decode(body):
    """The body as UTF-8 text, or a clear refusal."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableNotice(f"The body is not UTF-8 text (byte {exc.start}).") from None


def _parse_json(text):
    """A JSON body, or a refusal that says where it broke."""
    try:
        return json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise UnreadableNotice(f"The body is not valid JSON: {exc}.") from None
    except RecursionError:
        raise UnreadableNotice("The body is not valid JSON: it is nested too deeply.") from None


def _parse_form(text):
    """A form-encoded body, or a refusal."""
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text.strip()),
                              max_num_fields=1000))
    except ValueError as exc:
        raise UnreadableNotice(f"The body is not a valid form (name=value&...): {exc}.") from None


def parse_notice(body, content_type):
    """The action ids a raw body names; raises UnreadableNotice. JSON when typed so or shaped so, else a form."""
    text = _decode(body)
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        return action_ids_in(_parse_json(text))
    if kind in ("", "text/plain") and text.lstrip()[:1] in ("{", "["):
        return action_ids_in(_parse_json(text))
    if kind in ("", "text/plain", "application/x-www-form-urlencoded"):
        return action_ids_in(_parse_form(text))
    raise UnreadableNotice(f"Send the notice as a form (application/x-www-form-urlencoded) or JSON, not {kind}.")
