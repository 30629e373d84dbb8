"""The emulator's Flask app: REST quirks applied in one request guard, then the blueprints."""
import secrets
import time

from flask import Flask, g, request

from . import act, auth, control, hostile, rest_views
from .errors import ApiError
from .limits import Faults
from .responses import absolute, empty, json_response
from .state import SandboxState, state

SERVER_ERROR = "Sorry, this request could not be processed. Please try again later."


def create_app(store, config):
    """Build the Flask app around an existing store and config."""
    app = Flask("aksandbox")
    app.url_map.strict_slashes = False
    app.extensions["aksandbox"] = SandboxState(store, config, faults=Faults(config.seed))
    app.before_request(guard)
    app.after_request(count_request)
    app.after_request(rewrite_hostile)
    app.teardown_request(release_gate)
    app.register_error_handler(ApiError, api_error)
    app.register_error_handler(404, lambda e: empty(404))
    app.register_error_handler(405, lambda e: empty(405))
    app.register_error_handler(500, lambda e: json_response({"error": SERVER_ERROR}, 500))
    app.register_blueprint(rest_views.bp)
    app.register_blueprint(control.bp)
    app.register_blueprint(act.bp)
    return app


def api_error(exc):
    """ApiError -> its status with a JSON body, or an empty one, plus Location when set."""
    headers = {"Location": absolute(exc.location)} if exc.location else {}
    if exc.body is None:
        return empty(exc.status, headers)
    return json_response(exc.body, exc.status, headers)


def guard():
    """Slash redirect, auth, then limits/faults, in that order, for every request."""
    path = request.path
    if path.startswith("/_sandbox/"):
        return None if auth.credentials_state(state().config) == "ok" else auth.unauthorized()
    if not path.startswith("/rest/"):
        return None
    if not path.endswith("/"):
        return redirect_with_slash()
    creds = auth.credentials_state(state().config)
    g.authenticated = creds == "ok"
    if creds == "bad" or (creds == "missing" and not auth.is_open_endpoint()):
        return auth.unauthorized()
    return apply_limits()


def redirect_with_slash():
    """301 to the absolute slash URL keeping the query string (1.4), for every verb."""
    target = absolute(request.path + "/")
    query = request.query_string.decode()
    return empty(301, {"Location": target + (f"?{query}" if query else "")})


def apply_limits():
    """Concurrency cap and record budget (429), hostile fault modes, then latency, then injected 500/503."""
    st = state()
    g.gate_entered = True
    inflight = st.gate.enter()
    cfg = st.config
    if cfg.max_concurrency and inflight > cfg.max_concurrency:
        return empty(429)
    if st.budget.exhausted(cfg.records_per_minute, cfg.window_seconds):
        return empty(429)
    hostile_answer = hostile.before(cfg)
    if hostile_answer is not None:
        return hostile_answer
    if cfg.latency_ms:
        time.sleep(cfg.latency_ms / 1000.0)
    fault = st.faults.pick(cfg.fail_rate)
    if fault == 500:
        return json_response({"error": SERVER_ERROR}, 500)
    if fault == 503:
        return empty(503)
    return None


def count_request(response):
    """Charge the record budget for successful REST answers, update stats, set the sid cookie (1.2)."""
    if not request.path.startswith("/rest/") or not g.get("gate_entered"):
        return response
    response.set_cookie("sid", secrets.token_hex(16), max_age=28800, httponly=True)
    records = g.get("records", 1) if 200 <= response.status_code < 300 else 0
    st = state()
    st.budget.add(records)
    resource = (request.view_args or {}).get("name", "root")
    st.stats.record(request.method, resource, response.status_code, records)
    return response


def rewrite_hostile(response):
    """Apply a response-rewriting fault mode to REST answers only (hostile.py)."""
    if not request.path.startswith("/rest/") or not g.get("gate_entered"):
        return response
    return hostile.after(state().config, response)


def release_gate(exc):
    """Leave the concurrency gate whatever happened."""
    if g.get("gate_entered"):
        g.gate_entered = False
        state().gate.leave()
