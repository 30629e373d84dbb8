"""How every area answers dialog saves, form errors and row actions, htmx or plain."""
from flask import current_app, flash, make_response, redirect, request, url_for
from markupsafe import escape

from webapp.extensions import db
from webapp.htmx import is_partial, render, trigger


def saved(event, message, next_url):
    """A good dialog save: htmx gets 204 + events (refresh, close-modal); a plain post flashes and redirects."""
    if is_partial():
        response = make_response("", 204)
        response.vary.add("HX-Request")
        return trigger(response, f"{event}, close-modal")
    flash(message, "success")
    return redirect(next_url, 303)


def rejected(page, partial, **context):
    """A form with errors: htmx re-renders the dialog (200, so it swaps); a plain post answers 400."""
    return render(page, partial, status=200 if is_partial() else 400, **context)


def form_response(page, partial, **context):
    """Show a form: after a POST it failed validation (rejected's status), otherwise a plain render."""
    respond = rejected if request.method == "POST" else render
    return respond(page, partial, **context)


def name_dialog(form, title, action, submit, dialog_id):
    """The create/rename form groups and fields share: a dialog for htmx, a page otherwise; errors re-render it."""
    context = dict(form=form, title=title, action=action, submit=submit, cancel=url_for(".index"),
                   dialog_id=dialog_id)
    return form_response("name_form.html", "_name_dialog.html", **context)


def outcome(message, ok, event, next_url):
    """A row action's result: htmx swaps the message into #flashes; a plain post flashes and redirects."""
    flash(message, "success" if ok else "error")
    if not is_partial():
        return redirect(next_url, 303)
    response = render("_flashes.html", "_flashes.html")
    return trigger(response, event) if ok else response


def deletion_outcome(refusal, refused, deleted, event):
    """A delete's result: roll back and say why when refused, else commit, so no area half-deletes."""
    if refusal:
        db.session.rollback()
        return outcome(escape(refused) + " " + escape(refusal), False, event, url_for(".index"))  # keeps a link
    db.session.commit()
    return outcome(deleted, True, event, url_for(".index"))


def template_globals():
    """Context processor: base.html asks `current_app` which endpoints exist (Flask doesn't expose it)."""
    return {"current_app": current_app}
