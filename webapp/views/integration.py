"""The ActionKit area (blueprint "integration"): Connect/Settings, Fields and Users tabs.

The routes live in integration_*.py modules imported at the bottom, so the area stays one
blueprint (one url prefix, one tab set) while each module stays small.
"""
from flask import Blueprint, redirect, url_for

from webapp.store.integration import get_integration

bp = Blueprint("integration", __name__)


@bp.get("/")
def index():
    """Land on Settings once connected, on Connect before."""
    integration = get_integration()
    if integration is None or not integration.password_encrypted:
        return redirect(url_for("integration.connect"))
    return redirect(url_for("integration.settings"))


@bp.context_processor
def area_helpers():
    """Template helpers every page of the area uses."""
    from webapp.views.integration_common import template_helpers
    return template_helpers()


from webapp.views import integration_connect, integration_fields, integration_sync, integration_users  # noqa: E402,F401
from webapp.views import integration_actionfield_groups, integration_usergroups  # noqa: E402,F401
from webapp.views import integration_webhook  # noqa: E402,F401
from webapp.views import integration_actions, integration_pages  # noqa: E402,F401
