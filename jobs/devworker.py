"""In-process worker and scheduler threads for the embedded dev mode only.

Production never imports this module (it runs `flask worker` / `flask scheduler` processes).
Everything here works on whatever Redis the app holds; the embedded mode gives it a shared
in-process fakeredis, which is why the worker must not fork (a forked child would run the job
in its own copy of the fake server and the result would be lost).
"""
import logging
import threading

from rq.timeouts import TimerDeathPenalty

from jobs.runner import AppSimpleWorker, build_worker
from jobs.schedule import make_scheduler, periodic_job_definitions, schedule_periodic_jobs

log = logging.getLogger(__name__)


class ThreadWorker(AppSimpleWorker):
    """A non-forking worker that can live off the main thread."""

    # rq's default death penalty uses SIGALRM, which only the main thread may arm.
    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        """signal.signal() fails off the main thread; the dev command handles Ctrl-C itself."""


def _loop(stop, every, step, name):
    """Call step() every `every` seconds until stop is set; a failing step is logged, not fatal."""
    while not stop.is_set():
        try:
            step()
        except Exception:  # noqa: BLE001 - keep the dev loop alive, show the error
            log.exception("%s step failed", name)
        stop.wait(every)


def start_worker_thread(app, stop, every=1.0):
    """Drain the queue in bursts on a daemon thread; each job gets a fresh app context."""
    worker = build_worker(app, worker_class=ThreadWorker)

    def step():
        """One burst: run every queued job, then return so the loop can check for stop."""
        worker.work(burst=True, logging_level="WARNING")
    return _start(_loop, (stop, every, step, "worker"), "kitbridge-worker")


def start_scheduler_thread(app, stop, every=3.0):
    """Register the periodic definitions, then move due jobs to the queue every few seconds."""
    with app.app_context():
        definitions = periodic_job_definitions()
    scheduler = make_scheduler(app, every, definitions)
    schedule_periodic_jobs(scheduler, definitions)
    return _start(_loop, (stop, every, scheduler.enqueue_jobs, "scheduler"), "kitbridge-scheduler")


def _start(target, args, name):
    """Start a daemon thread (the process exit never waits on a stuck job)."""
    thread = threading.Thread(target=target, args=args, name=name, daemon=True)
    thread.start()
    return thread
