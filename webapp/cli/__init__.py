"""Flask CLI commands: operator tools that scripts and Heroku one-off dynos use."""
from importlib import import_module

COMMAND_MODULES = ("staff", "members", "runtime", "actionkit", "messages", "flows")


def register_commands(app):
    """Each module exposes register(app) and adds its commands or groups."""
    for name in COMMAND_MODULES:
        import_module(f"webapp.cli.{name}").register(app)
