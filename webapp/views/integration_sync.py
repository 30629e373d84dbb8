"""Sync Accounts on/off (after a preview), "sync now", the self-polling run status and failed-push retries."""
from flask import abort, flash, redirect, request, url_for

from jobs import sync
from webapp.store.sync_status import latest_run, run_progress, status_summary
from webapp.extensions import db
from webapp.forms.integration import ConfirmForm
from webapp.htmx import is_partial, render
from webapp.models import PushOutbox
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration

ACTIVE_RUN = ("queued", "running")


def _checked_form():
    """CSRF check for bare POST buttons; a stale form gets a 400, not a silent action."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, "The form expired; reload the page and try again.")


def _back_to_preview():
    """The Settings page at its preview."""
    return redirect(url_for("integration.settings") + "#sync-preview")


def _prepare_preview(integration):
    """Queue a preview unless one is already on its way (a job: a view never calls ActionKit)."""
    if not sync.preview_pending():
        sync.request_preview(integration.id)


def _refused(what, problems):
    """Back to Settings with what stops the action, or None when nothing does."""
    if not problems:
        return None
    flash(what + " ".join(problems), "error")
    return redirect(url_for("integration.settings"))


def _preview_ready(preview):
    """True when the latest preview is done and was made with the settings as they are now."""
    return preview is not None and preview["current"] and preview["status"] == "done"


@bp.post("/activate")
@require_integration
def activate(integration):
    """Turn Sync Accounts on once the current preview was seen (and any rewrites confirmed); else prepare one."""
    _checked_form()
    refused = _refused("Sync Accounts was not turned on: ", sync.activation_problems(integration))
    if refused:
        return refused
    preview = sync.latest_preview(integration)
    if not _preview_ready(preview):
        _prepare_preview(integration)
        flash("Preparing the preview… Sync Accounts turns on once you have seen it.", "info")
        return _back_to_preview()
    rewrites = preview["result"]["rewrites_total"]
    if rewrites and request.form.get("confirm_preview") != str(preview["run_id"]):
        flash(f"Sync Accounts was not turned on: tick “I have seen the preview: {rewrites} ActionKit values "
              "will be rewritten” first.", "error")
        return _back_to_preview()
    sync.activate(integration.id)
    db.session.commit()
    flash("Sync Accounts is on. The initial scan is running; progress shows below.", "success")
    return redirect(url_for("integration.settings"))


@bp.route("/deactivate", methods=["GET", "POST"])
@require_integration
def deactivate(integration):
    """Confirm, then erase the credentials and stop every job; all data stays as it is."""
    form = ConfirmForm()
    if form.validate_on_submit():
        sync.deactivate(integration.id)
        db.session.commit()
        flash("Sync Accounts is off. The ActionKit credentials were erased; all data was kept.", "success")
        return redirect(url_for("integration.settings"))
    return render("integration/deactivate.html", "integration/_deactivate_dialog.html",
                  form=form, integration=integration)


@bp.post("/sync")
@require_integration
def sync_now(integration):
    """Queue one fetch + push cycle now instead of waiting for the schedule."""
    _checked_form()
    if not integration.sync_enabled:
        flash("Turn on Sync Accounts first.", "error")
    elif sync.start_cycle() is None:
        flash("A sync is already running.", "info")
    else:
        db.session.commit()
        flash("Sync started.", "success")
    return redirect(url_for("integration.settings"))


def status_context(integration):
    """What the status fragment shows: the summary, the newest run and its live progress."""
    run = latest_run(integration.id)
    active = run is not None and run.status in ACTIVE_RUN
    return {"summary": status_summary(), "run": run, "active": active,
            "progress": run_progress(run.id) if run is not None else None}


def preview_context(integration):
    """What the preview fragment shows: the latest preview, whether one is being prepared, what blocks one."""
    return {"preview": sync.latest_preview(integration), "preview_pending": sync.preview_pending(),
            "preview_problems": sync.preview_problems(integration)}


@bp.post("/preview")
@require_integration
def preview(integration):
    """Queue a preview of what turning sync on would do; the page shows it when the job has made it."""
    _checked_form()
    refused = _refused("No preview yet: ", sync.preview_problems(integration))
    if refused:
        return refused
    _prepare_preview(integration)
    flash("Preparing the preview…", "info")
    return _back_to_preview()


@bp.get("/preview")
@require_integration
def preview_status(integration):
    """The self-polling preview fragment (re-requests itself while a preview is being prepared)."""
    if not is_partial():
        return _back_to_preview()
    problems = [] if integration.sync_enabled else sync.activation_problems(integration)
    return render("integration/settings.html", "integration/_preview.html", integration=integration,
                  problems=problems, confirm=ConfirmForm(), **preview_context(integration))


@bp.get("/status")
@require_integration
def status(integration):
    """The self-polling status fragment (re-requests itself while a run is queued or running)."""
    return render("integration/status.html", "integration/_status.html",
                  integration=integration, **status_context(integration))


@bp.post("/outbox/<int:outbox_id>/retry")
@require_integration
def retry_push(integration, outbox_id):
    """Send a failed push again."""
    _checked_form()
    if db.session.get(PushOutbox, outbox_id) is None:
        abort(404)
    sync.retry_push(outbox_id)
    db.session.commit()
    flash("The push was queued again.", "success")
    return redirect(url_for("integration.settings") + "#failed-pushes")
