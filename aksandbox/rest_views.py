"""Routes under /rest/v1/: discovery, schema, list and detail endpoints, action processing."""
from flask import Blueprint, g, request

from . import actions, schema
from .errors import NotFound
from .listing import run_list
from .responses import created, empty, json_response, read_payload, absolute
from .state import state
from .util import now_seconds

bp = Blueprint("rest", __name__)
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def resource_or_404(name):
    """The Resource registered under `name`, or an empty 404."""
    resource = state().registry.get(name)
    if resource is None:
        raise NotFound()
    return resource


def not_allowed(allowed):
    """405 with an Allow header, as tastypie answers."""
    return empty(405, {"Allow": ",".join(m.upper() for m in allowed)})


@bp.get("/rest/v1/")
def root():
    """Discovery: {"<r>": {"list_endpoint", "schema"}} (1.5)."""
    g.records = 1
    return json_response({name: {"list_endpoint": f"/rest/v1/{name}/", "schema": f"/rest/v1/{name}/schema/"}
                          for name in sorted(state().registry)})


@bp.get("/rest/v1/<name>/schema/")
def schema_endpoint(name):
    """tastypie-style schema of one resource."""
    g.records = 1
    return json_response(schema.describe(resource_or_404(name)))


@bp.route("/rest/v1/<name>/", methods=ALL_METHODS)
def list_endpoint(name):
    """GET a page of objects, POST a new one (or process an action)."""
    resource = resource_or_404(name)
    if request.method == "GET":
        body = run_list(state().store, resource.spec, request.args, request.path)
        g.records = len(body["objects"])
        return json_response(body)
    if request.method == "POST" and name == "action":
        return process_action()
    if request.method != "POST" or resource.create is None:
        return not_allowed(resource.list_methods())
    key = resource.create(state().store, read_payload(), now_seconds())
    return created(f"/rest/v1/{name}/{key}/")


@bp.route("/rest/v1/<name>/<key>/", methods=ALL_METHODS)
def detail_endpoint(name, key):
    """GET/PATCH (202)/PUT (204)/DELETE (204) one object; unknown ids are empty 404s."""
    resource = resource_or_404(name)
    store, method = state().store, request.method.lower()
    if method not in resource.detail_methods():
        return not_allowed(resource.detail_methods())
    key = resource.parse_key(key)
    if method == "get":
        return json_response(resource.get_json(store, key))
    if method == "delete":
        resource.delete(store, key, now_seconds())
        return empty(204)
    resource.update(store, key, read_payload(), now_seconds())
    return empty(202 if method == "patch" else 204)


def process_action():
    """POST /rest/v1/action/: 201 with the full action (or the reduced body without auth)."""
    full, reduced, uri = actions.process_and_notify(state(), read_payload())
    body = full if g.get("authenticated") else reduced
    return json_response(body, 201, {"Location": absolute(uri)})
