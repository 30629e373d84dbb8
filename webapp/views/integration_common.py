"""Helpers shared by the ActionKit area's route modules (loading, links, the stored userfields)."""
from functools import wraps

from flask import current_app, flash, redirect, url_for
from werkzeug.routing import BuildError

from webapp.store.integration import get_integration
from webapp.store.integration_mappings import field_label
from webapp.store.integration_users import STATUS_LABELS
from webapp.rules.options import parse_option
from webapp.views.dialogs import template_globals


def require_integration(view):
    """Pass the integration to the view, or send staff to Connect first."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        """Redirect to Connect when there is no integration, else call the view with it."""
        integration = get_integration()
        if integration is None:
            flash("Connect an ActionKit instance first.", "info")
            return redirect(url_for("integration.connect"))
        return view(integration, *args, **kwargs)
    return wrapper


def member_url(member_id):
    """Link to the member's page when the members area has one."""
    if member_id is None or "members.detail" not in current_app.view_functions:
        return None
    for key in ("member_id", "id"):
        try:
            return url_for("members.detail", **{key: member_id})
        except BuildError:
            continue
    return None


def webhook_url(integration):
    """Where ActionKit should post page actions; None until the webhook endpoint exists, so no URL answers 404."""
    if not integration.webhook_token or "webhooks.actionkit" not in current_app.view_functions:
        return None
    return url_for("webhooks.actionkit", token=integration.webhook_token, _external=True)


def option_label(value):
    """The UI label of a stored option's machine name."""
    try:
        return parse_option(value).label
    except ValueError:
        return value


def allowed_userfields(integration):
    """(names, notice): the allowed userfields stored on the integration; pages never ask ActionKit live."""
    names = integration.userfield_names
    if integration.allowed_userfields_fetched_at is None:
        return names, ("The allowed userfields have not been fetched from ActionKit yet. Use Refresh under "
                       "Allowed userfields on Settings; other settings can be saved meanwhile.")
    if not names:
        return names, ("ActionKit listed no allowed userfields when last asked. Add them in ActionKit, then "
                       "use Refresh under Allowed userfields on Settings.")
    return names, None


def template_helpers():
    """Functions and labels the area's templates call."""
    return {**template_globals(), "member_url": member_url, "option_label": option_label, "field_label": field_label,
            "status_labels": STATUS_LABELS}
