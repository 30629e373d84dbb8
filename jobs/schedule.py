"""The periodic schedule: one declarative list, registered idempotently (Redash's pattern).

Each definition is scheduled under a stable id, the SHA-1 of the definition itself, so a
re-deploy with the same list schedules nothing new, a changed interval replaces the old entry,
and an entry removed from the list is cancelled. rq-scheduler stays confined to this module and
webapp/cli/runtime.py so a later move to rq's own cron touches two files.

To add a periodic job, append a PeriodicJob to PERIODIC_JOBS; the interval is seconds or the
name of a config key (read when the scheduler starts).
"""
import hashlib
import json
import logging
from datetime import datetime, timezone
from typing import NamedTuple

from flask import current_app, has_app_context
from rq_scheduler import Scheduler

from webapp.queues import get_namespace, get_queue, get_redis, redis_key

log = logging.getLogger(__name__)


class PeriodicJob(NamedTuple):
    """One entry of the schedule: what to run, how often, with which primitive args."""

    func: str  # dotted path, e.g. "jobs.sync.run_cycle"
    interval: object  # seconds (int) or a config key such as "SYNC_INTERVAL_SECONDS"
    args: tuple = ()
    timeout: int = 600  # seconds before the worker kills a stuck run


PERIODIC_JOBS = (
    PeriodicJob("jobs.maintenance.prune_finished_runs", 3600, timeout=300),
    # Lost runs are noticed within 2 minutes: a dead worker's 60 s lease expires, then the watchdog
    # looks every 30 s and the scheduler (30 s polls) may enqueue it up to one poll late.
    PeriodicJob("jobs.maintenance.watchdog", 30, timeout=60),
    # The ActionKit sync cycle (DESIGN 5): every 10 minutes; never overlaps itself (Redis lock).
    PeriodicJob("jobs.sync.run_cycle", "SYNC_INTERVAL_SECONDS", timeout=3000),
    # Flow delays (up to 7 days) are due times in the database; this continues the runs whose time has come.
    PeriodicJob("jobs.flows.run_due_steps", 30, timeout=300),
)


def periodic_job_definitions(config=None, registry=PERIODIC_JOBS):
    """The registry as scheduler kwargs, intervals resolved against the app config."""
    config = current_app.config if config is None else config
    return [{"func": entry.func, "interval": _seconds(entry.interval, config),
             "args": list(entry.args), "timeout": entry.timeout} for entry in registry]


def _seconds(interval, config):
    """An interval given as a config key is read from the config; numbers pass through."""
    return int(config[interval]) if isinstance(interval, str) else int(interval)


def _func_name(func):
    """Dotted name of a job function given as a path or a callable."""
    return func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"


def job_id(definition, namespace=None):
    """Stable id: the SHA-1 of the definition, so any change yields a new id.

    It is prefixed by the app's namespace (the current app's when not given): RQ job hashes are
    global in Redis, and two deployments must not share (and cancel) each other's periodic jobs."""
    data = {key: value for key, value in definition.items() if key != "id"}
    data["func"] = _func_name(data["func"])
    digest = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    if namespace is None and has_app_context():
        namespace = get_namespace()
    return f"{namespace}-{digest}" if namespace else digest


class PeriodicScheduler(Scheduler):
    """rq-scheduler that re-asserts the definitions before every poll.

    rq-scheduler silently drops a scheduled id whose job hash is gone (deleted by a cleanup,
    evicted by Redis); re-registering each poll costs a few reads and heals that within one poll.
    """

    definitions = None

    def __init__(self, *args, app=None, **kwargs):
        """Move rq-scheduler's fixed Redis key names into the app's namespace."""
        super().__init__(*args, **kwargs)
        self.namespace = get_namespace(app)
        self.redis_scheduler_namespace_prefix = redis_key(app, "scheduler", "instance") + ":"
        self.scheduler_key = redis_key(app, "scheduler")
        self.scheduler_lock_key = redis_key(app, "scheduler", "lock")
        self.scheduled_jobs_key = redis_key(app, "scheduler", "scheduled_jobs")

    def enqueue_jobs(self):
        """Heal the schedule, then move due jobs to their queues."""
        if self.definitions is not None:
            schedule_periodic_jobs(self, self.definitions)
        return super().enqueue_jobs()


def make_scheduler(app=None, interval=30, definitions=None):
    """A scheduler on the app's Redis and queue; interval is its polling period in seconds."""
    scheduler = PeriodicScheduler(queue=get_queue(app), connection=get_redis(app), interval=interval, app=app)
    scheduler.definitions = definitions
    return scheduler


def _is_periodic(job):
    """Only repeating entries are ours to cancel; one-off enqueue_in jobs are left alone."""
    return bool(job.meta.get("interval") or job.meta.get("cron_string"))


def _cancel_stale(scheduler, wanted_ids):
    """Cancel and delete repeating jobs whose definition is gone (or changed)."""
    removed = []
    for job in scheduler.get_jobs():
        if _is_periodic(job) and job.id not in wanted_ids:
            log.info("Removing %s (%s) from the schedule.", job.id, job.func_name)
            scheduler.cancel(job)
            job.delete()
            removed.append(job.id)
    return removed


def schedule_periodic_jobs(scheduler, definitions=None):
    """Register the definitions idempotently; returns (added ids, removed ids)."""
    if definitions is None:
        definitions = periodic_job_definitions()
    keyed = {job_id(definition, scheduler.namespace): definition for definition in definitions}
    removed = _cancel_stale(scheduler, set(keyed))
    added = []
    for key, definition in keyed.items():
        if key in scheduler:
            continue
        log.info("Scheduling %s (%s) every %ss.", key, _func_name(definition["func"]),
                 definition.get("interval"))
        # result_ttl stays rq-scheduler's -1 for repeating jobs: a job hash that expired while
        # workers were down would silently drop the entry from the schedule.
        scheduler.schedule(scheduled_time=datetime.now(timezone.utc), id=key,
                           meta={"periodic": True}, **definition)
        added.append(key)
    return added, removed
