"""How every area answers dialog saves, form errors and row actions, htmx or plain."""
from flask import current_app, flash, make_response, redirect

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


def outcome(message, ok, event, next_url):
    """A row action's result: htmx swaps the message into #flashes; a plain post flashes and redirects."""
    flash(message, "success" if ok else "error")
    if not is_partial():
        return redirect(next_url, 303)
    response = render("_flashes.html", "_flashes.html")
    return trigger(response, event) if ok else response


def template_globals():
    """Context processor: base.html asks `current_app` which endpoints exist (Flask doesn't expose it)."""
    return {"current_app": current_app}
