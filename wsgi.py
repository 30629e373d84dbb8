"""WSGI entry point: gunicorn and the Flask CLI load `app` from here."""
from webapp import create_app

app = create_app()
