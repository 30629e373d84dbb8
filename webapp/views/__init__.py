"""Blueprint registration: one module per admin area, each exposing `bp`."""
from importlib import import_module

BLUEPRINT_MODULES = (
    ("auth", None),
    ("health", None),
    ("members", "/members"),
    ("groups", "/groups"),
    ("custom_fields", "/fields"),
    ("integration", "/actionkit"),
    ("webhooks", "/webhooks"),
)


def register_blueprints(app):
    """Import each area module inside the factory (no import-time app) and register it."""
    for module_name, prefix in BLUEPRINT_MODULES:
        module = import_module(f"webapp.views.{module_name}")
        app.register_blueprint(module.bp, url_prefix=prefix)
    from webapp.views import errors
    from webapp.views.auth import require_login
    app.before_request(require_login)
    errors.init_app(app)

    @app.get("/")
    def index():
        """The member list is the home page."""
        from flask import redirect, url_for
        return redirect(url_for("members.index"))
