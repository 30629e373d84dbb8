"""Settings' webhook card actions: rotate the token after a confirmation (the old address dies at once)."""
from flask import flash, redirect, url_for

from webapp.extensions import db
from webapp.forms.integration import ConfirmForm
from webapp.htmx import render
from webapp.store.webhook_token import rotate_webhook_token
from webapp.views.integration import bp
from webapp.views.integration_common import require_integration


@bp.route("/webhook/rotate", methods=["GET", "POST"])
@require_integration
def rotate_webhook(integration):
    """Confirm, then replace the token; ActionKit pages must be given the new address."""
    form = ConfirmForm()
    if form.validate_on_submit():
        rotate_webhook_token(integration)
        db.session.commit()
        flash("New webhook address made; the old one stopped working. Paste the new one into your "
              "ActionKit pages' webhook settings.", "success")
        return redirect(url_for("integration.settings", _anchor="webhook-title"), 303)
    return render("integration/webhook_rotate.html", "integration/_webhook_rotate_dialog.html",
                  form=form, integration=integration)
