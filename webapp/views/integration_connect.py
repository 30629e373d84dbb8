"""Connect and Settings: credentials verified live before saving; settings validated by shared rules.

Settings offers the allowed userfields stored on the integration; its "Refresh" only queues a job."""
from flask import abort, current_app, flash, redirect, request, url_for
from redis.exceptions import RedisError

from jobs import sync
from jobs.sync.connect import ConfirmSwitch
from webapp.extensions import db
from webapp.forms.integration import ConfirmForm, ConnectForm, SettingsForm
from webapp.htmx import render
from webapp.store.integration import get_integration
from webapp.store.integration_settings import apply_settings, phone_types_in_effect
from webapp.store.integration_users import failed_pushes
from webapp.views.integration import bp
from webapp.views.integration_common import allowed_userfields, require_integration, webhook_url
from webapp.views.integration_sync import preview_context, status_context


def _prefill():
    """The embedded mode's sandbox credentials, when the app was started with them."""
    return current_app.config.get("ACTIONKIT_PREFILL") or {}


def _connect_form(integration):
    """A connect form pre-filled from the current integration or the embedded sandbox (never the password)."""
    form = ConnectForm()
    if not form.is_submitted():
        source = _prefill() or {}
        form.hostname.data = integration.hostname if integration else source.get("hostname", "")
        form.username.data = integration.username if integration else source.get("username", "")
    return form


@bp.route("/connect", methods=["GET", "POST"])
def connect():
    """Verify the credentials with a live call, then save them (password encrypted).

    Switching to another instance shows what of the old one's sync state will be cleared and
    needs the confirmation box ticked (the password is entered again, it is never re-rendered)."""
    integration = get_integration()
    form = _connect_form(integration)
    error = switch = None
    password = form.password.data or _prefill().get("password", "")
    if form.is_submitted() and not password:
        form.password.errors = ["Enter the staff password."]
    elif form.validate_on_submit():
        try:
            sync.connect_instance(form.hostname.data.strip(), form.username.data.strip(), password,
                                  confirm_switch=request.form.get("confirm_switch") == "1")
            db.session.commit()
            flash("Connected to ActionKit. Review the settings, then turn on Sync Accounts.", "success")
            return redirect(url_for("integration.settings"))
        except ConfirmSwitch as exc:
            db.session.rollback()
            switch = exc
        except sync.ConnectError as exc:
            db.session.rollback()
            error = str(exc)
    return render("integration/connect.html", "integration/_connect_form.html",
                  status=200, form=form, error=error, switch=switch, integration=integration,
                  prefill_password=bool(_prefill().get("password")))


def _settings_form(integration, userfields):
    """The settings form showing the stored values on GET."""
    form = SettingsForm(obj=integration, allowed_userfields=userfields)
    if not form.is_submitted():
        form.fill_phone_types(integration.phone_type_list)
    return form


@bp.route("/settings", methods=["GET", "POST"])
@require_integration
def settings(integration):
    """Opt-in field, phone types, create-users; plus the sync switch, webhook URL and live status."""
    userfields, userfields_notice = allowed_userfields(integration)
    form = _settings_form(integration, userfields)
    if form.validate_on_submit():
        apply_settings(integration, userfields, opt_in_field=form.opt_in_change(),
                       phone_types=form.phone_types(), create_users=form.create_users.data)
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("integration.settings"))
    problems = [] if integration.sync_enabled else sync.activation_problems(integration)
    return render("integration/settings.html", "integration/_settings_form.html",
                  form=form, integration=integration, userfields=userfields, userfields_notice=userfields_notice,
                  problems=problems, webhook_url=webhook_url(integration),
                  phone_types_applied=phone_types_in_effect(integration.phone_type_list),
                  failed=failed_pushes(), confirm=ConfirmForm(), **status_context(integration),
                  **preview_context(integration))


@bp.post("/userfields/refresh")
@require_integration
def refresh_userfields(integration):
    """Queue a refresh of the stored allowed userfields: a worker asks ActionKit, this request never does."""
    if not ConfirmForm().validate_on_submit():
        abort(400, "The form expired; reload the page and try again.")
    if not integration.password_encrypted:
        flash("The ActionKit credentials were erased; reconnect to refresh the allowed userfields.", "error")
        return redirect(url_for("integration.settings") + "#userfields")
    try:
        sync.queue_userfields_refresh(integration.id)
    except RedisError:
        current_app.logger.warning("queueing the userfields refresh failed: the job queue is unreachable")
        flash("Could not queue the refresh: the job queue is unreachable. Try again in a minute.", "error")
        return redirect(url_for("integration.settings") + "#userfields")
    flash("Refreshing the allowed userfields from ActionKit in the background; reload this page in a "
          "moment to see the new list.", "success")
    return redirect(url_for("integration.settings") + "#userfields")
