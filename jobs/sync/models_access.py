"""Tiny loaders shared by the job entry points."""
from webapp.extensions import db
from webapp.models import SyncRun


def get_run(run_id):
    """The run row, or None."""
    return db.session.get(SyncRun, run_id)
