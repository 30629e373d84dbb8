"""The periodic job that continues flows whose delay is over (due times live in the database)."""
from sqlalchemy import select, update

from jobs import get_job_logger
from jobs.flows.clock import now
from jobs.flows.steps import advance, finish, move_on
from webapp.extensions import db
from webapp.models import FlowRun, Member

BATCH = 200
log = get_job_logger(__name__)


def _due_ids(limit):
    """Runs waiting on a delay whose due time has passed, oldest first."""
    return list(db.session.scalars(select(FlowRun.id).where(
        FlowRun.status == "waiting", FlowRun.waiting_for == "delay", FlowRun.due_at <= now())
        .order_by(FlowRun.due_at, FlowRun.id).limit(limit)))


def _claim(run_id):
    """Take the run from 'waiting' to 'active' in one conditional update, so two workers never both run it."""
    claimed = db.session.execute(update(FlowRun).where(
        FlowRun.id == run_id, FlowRun.status == "waiting", FlowRun.waiting_for == "delay")
        .values(status="active")).rowcount
    return claimed == 1


def run_due_steps(limit=BATCH):
    """Continue every due run (each committed on its own, so one failure loses nothing else); returns the count."""
    done = 0
    for run_id in _due_ids(limit):
        if not _claim(run_id):
            db.session.rollback()
            continue
        run = db.session.get(FlowRun, run_id)
        db.session.refresh(run)
        member = db.session.get(Member, run.member_id)
        if member is None:
            finish(run, "stopped", "the member was deleted")
        else:
            move_on(run)
            advance(run, member)
        db.session.commit()
        done += 1
    if done:
        log.info("Continued %d flow run(s) after their delay.", done)
    return done
