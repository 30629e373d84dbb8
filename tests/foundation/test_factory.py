"""Factory and configuration: env reading happens in create_app, never at import."""
import subprocess
import sys

import pytest

from webapp import create_app
from webapp.config import config_from_env, normalize_database_url
from tests.conftest import make_redis, app_config


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
    ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_database_url_rewrite(given, expected):
    assert normalize_database_url(given) == expected


def test_env_config(tmp_path):
    env = {"DATABASE_URL": "postgres://a@b/c", "REDIS_URL": "redis://r:1/0", "SECRET_KEY": "s",
           "ENCRYPTION_KEY": "k", "HTMX_URL": "/static/htmx.js", "ACTIONKIT_ALLOW_INSECURE": "1"}
    config = config_from_env(tmp_path, env)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://a@b/c"
    assert config["REDIS_URL"] == "redis://r:1/0"
    assert config["SECRET_KEY"] == "s" and config["ENCRYPTION_KEY"] == "k"
    assert config["HTMX_URL"] == "/static/htmx.js" and config["HTMX_SRI"] == ""
    assert config["ACTIONKIT_ALLOW_INSECURE"] is True
    assert config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_in_instance_when_database_url_unset(tmp_path):
    config = config_from_env(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/kitbridge.db"
    assert config["HTMX_URL"].startswith("https://") and "htmx.org@2" in config["HTMX_URL"]
    assert config["HTMX_SRI"].startswith("sha384-")
    assert config["ACTIONKIT_ALLOW_INSECURE"] is False


def test_passed_config_wins_and_collaborators_are_kept():
    redis = make_redis()
    app = create_app(app_config(MEMBERS_PAGE_SIZE=7), redis=redis)
    assert app.config["MEMBERS_PAGE_SIZE"] == 7
    assert app.extensions["kitbridge.redis"] is redis
    assert app.template_folder.endswith("templates") and app.static_folder.endswith("static")


def test_importing_the_package_has_no_side_effects():
    code = ("import sys, webapp, webapp.models, webapp.views, jobs; "
            "assert 'flask.app' not in [type(v).__module__ for v in vars(webapp).values()]; "
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PATH": "", "DATABASE_URL": "postgresql://nowhere.invalid/x"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
