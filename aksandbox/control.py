"""Control endpoints under /_sandbox/ (no REST quirks, same Basic auth): config, stats, webhooks."""
from flask import Blueprint, request

from .errors import ApiError, NotFound
from .responses import json_response, read_payload
from .state import state
from .util import now_seconds

bp = Blueprint("control", __name__, url_prefix="/_sandbox")


def page_or_404(short_name):
    """The page row by short name, or 404."""
    page = state().store.page_by_name(short_name)
    if page is None:
        raise NotFound()
    return page


@bp.route("/pages/<short_name>/webhooks", methods=["GET", "PUT"])
def page_webhooks(short_name):
    """Read or replace the webhook URLs of a page (15.9)."""
    page = page_or_404(short_name)
    if request.method == "PUT":
        urls = read_payload().get("urls")
        if not isinstance(urls, list) or not all(isinstance(u, str) and u.startswith("http") for u in urls):
            raise ApiError(400, {"error": "Send {\"urls\": [\"http://...\", ...]}."})
        state().store.set_webhooks(page["id"], urls)
    return json_response({"page": page["name"], "urls": state().store.webhooks_for(page["id"])})


@bp.get("/webhooks/deliveries")
def webhook_deliveries():
    """Outcome of every webhook delivery so far (after waiting briefly for pending ones)."""
    state().webhooks.wait(timeout=2.0)
    return json_response({"deliveries": state().webhooks.deliveries})


@bp.route("/config", methods=["GET", "PATCH"])
def config():
    """Read or change limits and faults at runtime (MUTABLE in config.py); bad values are a 400."""
    if request.method == "PATCH":
        try:
            unknown = state().config.update(read_payload())
        except (TypeError, ValueError) as exc:
            raise ApiError(400, {"error": f"Invalid value: {exc}"}) from None
        if unknown:
            raise ApiError(400, {"error": f"Unknown settings: {', '.join(sorted(unknown))}"})
    return json_response(state().config.public())


@bp.get("/stats")
def stats():
    """Requests served, records counted, 429s, by method and resource."""
    st = state()
    return json_response(st.stats.snapshot(st.budget.used(st.config.window_seconds), st.gate))


@bp.post("/reset")
def reset():
    """Forget the rate budget and zero the stats (data stays)."""
    st = state()
    st.budget.reset()
    st.stats.reset()
    return json_response({"reset": True})


@bp.route("/usergroups/<int:group_id>/members", methods=["GET", "PUT"])
def group_members(group_id):
    """Read or replace a usergroup's members; joiners and leavers get a new updated_at."""
    store = state().store
    if store.group_row(group_id) is None:
        raise NotFound()
    if request.method == "PUT":
        user_ids = read_payload().get("user_ids")
        if not isinstance(user_ids, list) or not all(str(u).isdigit() for u in user_ids):
            raise ApiError(400, {"error": "Send {\"user_ids\": [1, 2, ...]}."})
        store.set_group_members(group_id, user_ids, now_seconds())
    return json_response({"usergroup": f"/rest/v1/usergroup/{group_id}/",
                          "user_ids": store.group_member_ids(group_id)})
