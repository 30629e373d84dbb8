"""tastypie-style /schema/ documents built from the resource registry (1.5)."""
from .listing import DEFAULT_LIMIT
from .store_fields import allowed_field_json
from .store_users import CORE_FIELDS

SHARED = ("id", "resource_uri", "created_at", "updated_at")
FIELDS = {
    "user": SHARED + CORE_FIELDS + ("rand_id", "token", "lang", "fields", "phones", "groups", "actions"),
    "phone": SHARED + ("user", "phone", "normalized_phone", "type", "source"),
    "usergroup": SHARED + ("name",),
    "page": SHARED + ("name", "title", "type", "status", "hidden", "goal", "goal_type", "notes", "list",
                      "language", "tags", "fields", "groups", "followup", "actions", "never_spam_check"),
    "action": SHARED + ("type", "page", "user", "akid", "status", "source", "created_user",
                        "subscribed_user", "fields", "ip_address", "mailing", "referring_user"),
}


def field_names(name):
    """The field names a resource's objects carry."""
    if name == "alloweduserfield":
        return tuple(allowed_field_json({k: "" for k in ("name", "display_name", "field_type",
                     "field_default", "allow_multiple", "hidden", "required", "order_index",
                     "description", "created_at", "updated_at")}))
    for base in ("page", "action"):
        if name.endswith(base):
            return FIELDS[base]
    return FIELDS[name]


def field_type(name):
    """A tastypie type label for a field name."""
    if name in ("id", "rand_id", "goal"):
        return "integer"
    if name.endswith("_at"):
        return "datetime"
    if name in ("fields", "followup"):
        return "dict"
    if name in ("phones", "groups", "tags"):
        return "list"
    if name in ("hidden", "created_user", "subscribed_user", "never_spam_check", "allow_multiple", "required"):
        return "boolean"
    return "string"


def filtering(spec):
    """field -> allowed lookups, derived from the filters the list endpoint accepts."""
    result = {}
    for key in spec.filters:
        field, _, lookup = key.partition("__")
        result.setdefault(field, []).append(lookup or "exact")
    return result


def describe(resource):
    """The schema document for one resource."""
    list_methods = resource.list_methods() + (["post"] if resource.name == "action" else [])
    fields = {n: {"type": field_type(n), "nullable": n not in ("id", "resource_uri"), "blank": False,
                  "readonly": n in ("id", "resource_uri", "created_at"), "help_text": "",
                  "unique": n in ("id", "email", "name") and resource.name != "usergroup"}
              for n in field_names(resource.name)}
    return {"fields": fields, "filtering": filtering(resource.spec), "ordering": list(resource.spec.ordering),
            "allowed_list_http_methods": list_methods,
            "allowed_detail_http_methods": resource.detail_methods(),
            "default_format": "application/json", "default_limit": DEFAULT_LIMIT}
