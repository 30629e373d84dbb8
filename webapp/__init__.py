"""Kitbridge web app: the factory binds config, extensions, blueprints and CLI commands."""
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None, **collaborators):
    """Build an app; tests and the embedded mode pass config and collaborators (redis=...)."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    _configure(app, config)
    _bind_extensions(app, collaborators)
    _harden(app)
    from webapp.views import register_blueprints
    register_blueprints(app)
    from webapp.cli import register_commands
    register_commands(app)
    return app


def _configure(app, config):
    """Defaults, then the environment, then whatever the caller passed."""
    from webapp.config import BASE_DEFAULTS, config_from_env
    app.config.update(BASE_DEFAULTS)
    app.config.update(config_from_env(app.instance_path))
    if config:
        app.config.update(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _harden(app):
    """Guards and headers go on before the blueprints, so every route gets the bounded id converter."""
    from webapp.security import guards, headers
    guards.init_app(app)
    headers.init_app(app)


def _bind_extensions(app, collaborators):
    """init_app every extension; the Redis connection may be injected (fakeredis in dev/tests)."""
    from webapp import queues
    from webapp.extensions import csrf, db, migrate
    from webapp import models  # noqa: F401  (register tables before Migrate looks)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    queues.init_app(app, redis=collaborators.get("redis"))
