"""Error pages in the product's own layout: a clear sentence and a way back, never a bare server page."""
from flask import request
from werkzeug.exceptions import HTTPException

from webapp.htmx import render


def error_page(error):
    """4xx answers keep their status and say what went wrong; the nav (when signed in) leads back."""
    if not isinstance(error, HTTPException) or error.code is None or error.code >= 500:
        return error
    response = render("error.html", "_error.html", status=error.code, error=error, path=request.path)
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def init_app(app):
    """Answer every client error with the product's page."""
    app.register_error_handler(HTTPException, error_page)
