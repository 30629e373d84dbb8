"""One place that decides page vs fragment for htmx requests."""
from flask import make_response, render_template, request


def is_partial():
    """True for htmx swaps; boosted navigation and history restores need the whole page."""
    headers = request.headers
    return (headers.get("HX-Request") == "true"
            and headers.get("HX-Boosted") != "true"
            and headers.get("HX-History-Restore-Request") != "true")


def render(page_template, fragment_template, status=200, **context):
    """Render the fragment for htmx swaps, else the page; always Vary on HX-Request."""
    template = fragment_template if is_partial() else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def trigger(response, event):
    """Ask the browser to fire an htmx event (e.g. member-updated) after the swap."""
    response.headers["HX-Trigger"] = event
    return response
