"""Generic action processing, POST /rest/v1/action/ (6.3, 15.5, 15.6, 15.7)."""
import re

from .errors import ApiError, processing_error
from .store_actions import action_uri
from .store_users import CORE_FIELDS, EMAIL_RE, clean_user_values
from .util import now_micro, user_id_from_akid
from .webhooks import action_payload

PHONE_PARAMS = (("mobile_phone", "mobile"), ("work_phone", "work"), ("home_phone", "home"), ("phone", "home"))
ZIP_RE = re.compile(r"^\d{5}(-?\d{4})?$")
ZIP_MESSAGE = "There seems to be a problem with what you entered for ZIP Code. Please double-check it."
SUBSCRIBING_TYPES = ("signup", "petition")


def find_page(store, payload):
    """The page named by the `page` short name, or the recorded 400 (not wrapped in errors)."""
    name = str(payload.get("page") or "")
    page = store.page_by_name(name)
    if page is None:
        raise ApiError(400, {"page": f"Unable to find a page for processing. You sent page={name}."})
    return page


def find_user_id(store, payload):
    """Existing user id from `id`, `akid` or `email` (in that order), or None for a new user."""
    if str(payload.get("id") or "").strip():
        raw = str(payload["id"]).strip()
        if raw.isdigit() and store.user_row(int(raw)):
            return int(raw)
        if not payload.get("email"):
            raise processing_error("id", f"Unable to find a user with id {raw}.")
    if payload.get("akid"):
        user_id = user_id_from_akid(payload["akid"])
        row = store.user_row(user_id) if user_id else None
        if row is not None and str(payload["akid"]).endswith(row["token"].split(".")[-1]):
            return user_id
        if not payload.get("email"):
            raise processing_error("akid", "Invalid akid.")
    email = str(payload.get("email") or "").strip()
    if not email:
        raise processing_error("email", "Please enter your email address.")
    return store.user_id_by_email(email)


def user_values(payload):
    """Non-blank core user fields from the request, `name` split into first/last, zip checked."""
    raw = {k: payload[k] for k in CORE_FIELDS if k != "subscription_status" and str(payload.get(k) or "").strip()}
    full_name = str(payload.get("name") or "").strip()
    if full_name and "first_name" not in raw and "last_name" not in raw:
        first, _, last = full_name.partition(" ")
        raw.update(first_name=first, last_name=last.strip())
    if "email" in raw and not EMAIL_RE.match(str(raw["email"]).strip()):
        raise processing_error("email", "Please enter a valid email address.")
    zip_code = str(raw.get("zip", "")).strip()
    if zip_code and str(raw.get("country", "United States")) == "United States" and not ZIP_RE.match(zip_code):
        raise processing_error("zip", ZIP_MESSAGE)
    return clean_user_values(raw)


def prefixed(payload, prefix):
    """{name: value} for params like user_<name> / action_<name>, prefix stripped."""
    return {k[len(prefix):]: v for k, v in payload.items() if k.startswith(prefix) and len(k) > len(prefix)}


def upsert_user(store, user_id, values, page, ts):
    """Create or update the acting user; returns (user_id, created_user)."""
    if user_id is None:
        values.setdefault("source", "restful_api")
        values["subscription_status"] = "never" if page["type"] == "import" else "unsubscribed"
        return store.insert_user(values, ts), True
    values.pop("source", None)
    try:
        store.update_user_row(user_id, values, ts)
    except ApiError as exc:
        if exc.status == 409:
            raise ApiError(400, exc.body) from None
        raise
    return user_id, False


def subscribe(store, user_id, page):
    """Signup and petition pages subscribe the user; returns subscribed_user."""
    if page["type"] not in SUBSCRIBING_TYPES:
        return False
    status = store.db.scalar("SELECT subscription_status FROM users WHERE id = ?", (user_id,))
    if status == "subscribed":
        return False
    store.db.execute("UPDATE users SET subscription_status = 'subscribed' WHERE id = ?", (user_id,))
    return True


def process_action(store, payload):
    """Run one action; returns (action row, page row) after committing everything."""
    page = find_page(store, payload)
    user_fields, action_fields = prefixed(payload, "user_"), prefixed(payload, "action_")
    store.check_field_names(user_fields)
    values, ts = user_values(payload), now_micro()
    with store.db.transaction():
        user_id, created = upsert_user(store, find_user_id(store, payload), values, page, ts)
        if user_fields:
            store.merge_user_fields(user_id, user_fields)
        for param, kind in PHONE_PARAMS:
            if str(payload.get(param) or "").strip():
                store.upsert_typed_phone(user_id, str(payload[param]).strip(), kind, ts)
        store.touch_user(user_id, ts)
        subscribed = subscribe(store, user_id, page)
        source = str(payload.get("source") or "restful_api")
        action_id = store.insert_action(page, user_id, source, (created, subscribed), ts)
        store.merge_action_fields(action_id, action_fields)
    return store.action_row(action_id), page


def action_bodies(store, action, page):
    """(full authenticated body, reduced unauthenticated body, relative typed URI)."""
    full = store.serialize_actions([action])[0]
    query = f"action_id={action['id']}&akid={full['akid']}"
    full["redirect_url"] = f"/cms/thanks/{page['name']}/?{query}&ar=1&rd=1"
    reduced = {"action_id": action["id"], "akid": full["akid"], "rd": 1,
               "redirect_url": f"/cms/thanks/{page['name']}/?{query}&rd=1"}
    return full, reduced, action_uri(action)


def process_and_notify(st, payload):
    """Process an action and fire its page's webhooks; returns (full body, reduced body, typed URI).

    The REST endpoint and the take-action pages both come here, so both notify alike."""
    action, page = process_action(st.store, payload)
    full, reduced, uri = action_bodies(st.store, action, page)
    urls = st.store.webhooks_for(page["id"])
    if urls:
        st.webhooks.send(urls, action_payload(action, page, full["akid"]))
    return full, reduced, uri
