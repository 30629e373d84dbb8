"""The registry of REST resources: users, phones, alloweduserfields, usergroups, pages, actions."""
from .listing import ListSpec, common_filters
from .resource import Resource
from .store_actions import ActionStore
from .store_fields import allowed_field_json
from .store_groups import group_json
from .store_pages import PAGE_TYPES, page_json
from .store_phones import phone_json


def user_resource():
    """/rest/v1/user/: filters id/dates plus email, email__iexact, groups (15.2)."""
    filters = dict(common_filters(), email=("email = ?", "str"), email__iexact=("email = ?", "str"),
                   groups=("id IN (SELECT user_id FROM usergroup_members WHERE group_id = ?)", "int"))
    spec = ListSpec("user", "users", lambda s, rows: s.serialize_users(rows), filters)
    return Resource("user", spec, fetch=lambda s, k: s.user_row(k), create=lambda s, p, ts: s.create_user(p, ts),
                    update=lambda s, k, p, ts: s.update_user(k, p, ts), delete=lambda s, k, ts: s.delete_user(k))


def phone_resource():
    """/rest/v1/phone/: filters id/dates plus user, user__in, type, type__in (15.2)."""
    filters = dict(common_filters(), user=("user_id = ?", "int"), user__in=("user_id IN ({})", "ints"),
                   type=("type = ?", "str"), type__in=("type IN ({})", "strs"))
    spec = ListSpec("phone", "phones", lambda s, rows: [phone_json(r) for r in rows], filters)
    return Resource("phone", spec, fetch=lambda s, k: s.phone_row(k), create=lambda s, p, ts: s.create_phone(p, ts),
                    update=lambda s, k, p, ts: s.update_phone(k, p, ts), delete=lambda s, k, ts: s.delete_phone(k, ts))


def allowed_field_resource():
    """/rest/v1/alloweduserfield/: keyed by name (4.3), filter by name."""
    filters = {"name": ("name = ?", "str"), "name__in": ("name IN ({})", "strs")}
    spec = ListSpec("alloweduserfield", "alloweduserfields", lambda s, rows: [allowed_field_json(r) for r in rows],
                    filters, ordering=("name", "created_at", "updated_at"), key="name")
    return Resource("alloweduserfield", spec, fetch=lambda s, k: s.allowed_field_row(k),
                    create=lambda s, p, ts: s.create_allowed_field(p, ts),
                    update=lambda s, k, p, ts: s.update_allowed_field(k, p, ts),
                    delete=lambda s, k, ts: s.delete_allowed_field(k), key_is_int=False)


def usergroup_resource():
    """/rest/v1/usergroup/ (15.1): id/date filters only."""
    spec = ListSpec("usergroup", "usergroups", lambda s, rows: [group_json(r) for r in rows], common_filters())
    return Resource("usergroup", spec, fetch=lambda s, k: s.group_row(k), create=lambda s, p, ts: s.create_group(p, ts),
                    update=lambda s, k, p, ts: s.update_group(k, p, ts), delete=lambda s, k, ts: s.delete_group(k, ts))


def page_filters():
    """Pages filter on id/dates and the short name."""
    return dict(common_filters(), name=("name = ?", "str"))


def page_resource():
    """Generic /rest/v1/page/: read-only, typed resource_uri per object (12.11)."""
    spec = ListSpec("page", "pages", lambda s, rows: [page_json(r) for r in rows], page_filters())
    return Resource("page", spec, fetch=lambda s, k: s.page_row(k))


def typed_page_resource(kind):
    """/rest/v1/<kind>page/: full CRUD on one page type."""
    spec = ListSpec(f"{kind}page", "pages", lambda s, rows: [page_json(r) for r in rows], page_filters(),
                    base_where=("type = ?",), base_params=(kind,))
    return Resource(f"{kind}page", spec, fetch=lambda s, k: s.page_row(k, kind),
                    create=lambda s, p, ts: s.create_page(kind, p, ts),
                    update=lambda s, k, p, ts: s.update_page(kind, k, p, ts),
                    delete=lambda s, k, ts: s.delete_page(kind, k))


def action_filters():
    """Actions filter on id/dates plus page, page__in, user and page__name (15.2)."""
    return dict(common_filters(), page=("page_id = ?", "int"), page__in=("page_id IN ({})", "ints"),
                user=("user_id = ?", "int"),
                page__name=("page_id IN (SELECT id FROM pages WHERE name = ?)", "str"))


def action_resource(kind=None):
    """Generic /rest/v1/action/ (POST = action processing, handled in actions.py) or a typed one."""
    name = f"{kind}action" if kind else "action"
    where, params = (("type = ?",), (kind,)) if kind else ((), ())
    spec = ListSpec(name, "actions", ActionStore.serialize_actions, action_filters(),
                    base_where=where, base_params=params)
    return Resource(name, spec, fetch=lambda s, k: s.action_row(k, kind),
                    update=lambda s, k, p, ts: s.update_action(k, kind, p, ts),
                    delete=lambda s, k, ts: s.delete_action(k, kind))


def build_registry():
    """name -> Resource for every endpoint under /rest/v1/."""
    resources = [user_resource(), phone_resource(), allowed_field_resource(), usergroup_resource(),
                 page_resource(), action_resource()]
    resources += [typed_page_resource(kind) for kind in PAGE_TYPES]
    resources += [action_resource(kind) for kind in PAGE_TYPES]
    return {r.name: r for r in resources}
