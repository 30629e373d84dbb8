"""The Redis side of webhook notices: a list the web request pushes to, and one drain job for all of them.

A request pushes the action ids it was told about and, in the same MULTI, sets the "drain
requested" flag if it was unset; only the request that set it enqueues a drain job. The drain
clears the flag atomically with seeing the list empty (WATCH), so a notice pushed after that
check finds the flag unset and queues the next drain: nothing waits without a drain coming.

Surviving a killed worker: the drain moves each batch with RPOPLPUSH to a processing list and
empties it only after the batch is stored; the next drain (it holds the drain lease, so it is the
only one) first moves whatever is left there back to the notices. A dead drain's flag expires
after one lease, so the next notice or the 30-second watchdog queues a new drain (the 10-minute fetch
finds the actions too).
"""
import redis as redis_lib
from rq.job import JobStatus

from jobs.locks import lease_seconds
from webapp.queues import get_queue, get_redis, job_key, redis_key

BATCH_SIZE = 100  # one `id__in` request to ActionKit per batch
MAX_BACKLOG = 100_000  # beyond this the oldest notices are dropped; the fetch cycle still finds their actions
DRAIN_LOCK = "webhook-drain"
WAITING = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def notices_key():
    """Action ids told by webhooks, newest on the left."""
    return redis_key(None, "webhook", "notices")


def processing_key():
    """Ids a drain has taken but not stored yet."""
    return redis_key(None, "webhook", "processing")


def drain_flag_key():
    """Set while a drain is queued or running and will still see new notices."""
    return redis_key(None, "webhook", "drain-requested")


def drain_job_ids():
    """Two fixed ids used in turn: one drain may be finishing while the next one waits."""
    return [job_key(None, "webhook-drain", part) for part in ("a", "b")]


# LPUSH the ids, trim the backlog, and set the drain flag unless set: one round trip, 1 when a drain is needed.
_PUSH = """
redis.call('lpush', KEYS[1], unpack(ARGV, 3))
redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[2]) - 1)
if redis.call('set', KEYS[2], '1', 'NX', 'EX', tonumber(ARGV[1])) then return 1 end
return 0
"""


def push_notice(action_ids):
    """Queue the ids (one Redis call) and ask for a drain when none is on its way; True if asked."""
    if not action_ids:
        return False
    ttl = max(int(lease_seconds()), 1)
    connection = get_redis()
    push = connection.register_script(_PUSH)  # EVALSHA: the script text is sent once per Redis server
    if not push(keys=[notices_key(), drain_flag_key()], args=[ttl, MAX_BACKLOG, *action_ids], client=connection):
        return False
    ensure_drain_job()
    return True


def ensure_drain_job():
    """Enqueue the drain under whichever fixed id is free, unless one already waits in the queue."""
    from jobs.sync.notices import run_drain_notices
    queue = get_queue()
    jobs = [queue.fetch_job(job_id) for job_id in drain_job_ids()]
    statuses = [job.get_status(refresh=False) if job is not None else None for job in jobs]
    if any(status in WAITING for status in statuses):
        return None
    free = next((job_id for job_id, status in zip(drain_job_ids(), statuses) if status != JobStatus.STARTED), None)
    if free is None:
        return None  # both are running: the lease holder drains until the list is empty, the other after it
    return queue.enqueue(run_drain_notices, job_id=free, job_timeout=900, result_ttl=600, failure_ttl=86400)


def request_drain_if_stranded():
    """Watchdog: notices a dead drain left (its flag expired with its lease) get a drain without a new notice."""
    connection = get_redis()
    if not (connection.llen(notices_key()) or connection.llen(processing_key())):
        return False
    if not connection.set(drain_flag_key(), 1, nx=True, ex=max(int(lease_seconds()), 1)):
        return False  # a live drain is on its way and will see them
    ensure_drain_job()
    return True


def keep_flag():
    """A live drain renews the flag, so notices keep relying on it instead of queueing more drains."""
    get_redis().set(drain_flag_key(), 1, ex=max(int(lease_seconds()), 1))


def recover_processing():
    """Move ids a dead drain took (and never stored) back to the notices; returns how many."""
    connection, moved = get_redis(), 0
    while connection.rpoplpush(processing_key(), notices_key()) is not None:
        moved += 1
    return moved


def take_batch():
    """Move up to BATCH_SIZE of the oldest ids to the processing list (one MULTI) and return them as ints."""
    pipe = get_redis().pipeline(transaction=True)
    for _ in range(BATCH_SIZE):
        pipe.rpoplpush(notices_key(), processing_key())
    return [int(value) for value in pipe.execute() if value is not None]


def batch_done():
    """The taken batch is stored: forget it."""
    get_redis().delete(processing_key())


def finished():
    """True, with the flag cleared in the same transaction, when no notice is left; False to keep draining."""
    with get_redis().pipeline() as pipe:
        try:
            pipe.watch(notices_key())
            if pipe.llen(notices_key()):
                pipe.unwatch()
                return False
            pipe.multi()
            pipe.delete(drain_flag_key())
            pipe.execute()
            return True
        except redis_lib.WatchError:
            return False


def backlog():
    """(waiting, being processed) counts, for tests and the benchmark."""
    connection = get_redis()
    return connection.llen(notices_key()), connection.llen(processing_key())
