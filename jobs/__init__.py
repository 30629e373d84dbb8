"""Background jobs: enqueue helper and a job-aware logger.

Job functions take ids and primitives only (never ORM objects) and run inside an app context
provided by the worker classes in `jobs.runner` (start workers with `flask worker`, not `rq worker`).
"""
import logging
from datetime import date, datetime

from rq import get_current_job
from rq.job import JobStatus

from webapp.queues import get_queue

PRIMITIVES = (type(None), bool, int, float, str, date, datetime)
LIVE_STATUSES = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
JOB_LOG_FORMAT = "%(asctime)s %(levelname)s [%(job_func_name)s %(job_id)s] %(name)s: %(message)s"


def _check_primitive(value, where):
    """Refuse ORM objects and other rich values: a job must reload state by id."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_primitive(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_primitive(key, where)
            _check_primitive(item, where)
    elif not isinstance(value, PRIMITIVES):
        raise TypeError(f"Job argument {where} is a {type(value).__name__}; pass ids and primitives.")


def enqueue(func, *args, job_id=None, job_timeout=None, **kwargs):
    """Queue func(*args, **kwargs) on the app's queue; a live job with the same job_id is reused."""
    for index, value in enumerate(args):
        _check_primitive(value, f"#{index}")
    for key, value in kwargs.items():
        _check_primitive(value, key)
    queue = get_queue()
    if job_id is not None:
        existing = queue.fetch_job(job_id)
        if existing is not None and existing.get_status(refresh=False) in LIVE_STATUSES:
            return existing
    return queue.enqueue(func, args=args, kwargs=kwargs, job_id=job_id, job_timeout=job_timeout)


class CurrentJobFilter(logging.Filter):
    """Stamp every record with the running job's id and function (Redash's idea)."""

    def filter(self, record):
        """Add job_id and job_func_name ("-" outside a job) so every log line says which job wrote it."""
        job = get_current_job()
        record.job_id = job.id if job else "-"
        record.job_func_name = job.func_name if job else "-"
        return True


def get_job_logger(name):
    """A logger under `kitbridge.jobs` whose lines say which job wrote them."""
    logger = logging.getLogger(f"kitbridge.jobs.{name}")
    if not any(isinstance(f, CurrentJobFilter) for f in logger.filters):
        logger.addFilter(CurrentJobFilter())
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(JOB_LOG_FORMAT))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
