"""Preview (dry run): what turning on Sync Accounts would do, found by doing it and undoing it.

The first N phone owners met paging phones of the chosen types by id are fetched and linked in
id order, 100 a page, by the same linking code the activation's scan runs, inside one transaction
that is rolled back at the end. Nothing is committed and nothing is sent to ActionKit: the import
page, checkpoints and the push drain are never called; only reads spend ActionKit budget. The
outcome is read before the rollback (statuses, members created or linked, the pushes the link
queued), so when the sample covers every phone owner, activation on unchanged data does exactly it.
"""
from collections import Counter
from contextlib import contextmanager

from sqlalchemy import event

from webapp.actionkit.values import chunks, id_from_uri
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox
from webapp.rules import scrub
from webapp.rules.eligibility import STATUS_ERROR, STATUS_NO_PHONE, STATUS_SYNCED

from jobs.sync.activation import setup_problems as preview_problems  # missing mappings: the preview shows them
from jobs.sync.client import client_for, count_phones
from jobs.sync.context import SyncContext
from jobs.sync.users import DB_ERRORS, db_reason, link_users
from jobs.sync.preview_read import examples_and_rewrites, opt_in_summary, opt_in_warnings, settings_fingerprint

SAMPLE_SIZE, SAMPLE_MAX = 500, 5000
PAGE = 100  # the scan links 100 owners a page; the preview pages the same way
MAX_REFUSED = 20


class PreviewError(Exception):
    """The preview could not be made; the message says why, for staff."""


def sample_owners(client, types, limit):
    """({owner id: [phones]}, whole list?) for the first `limit` owners met paging chosen-type phones by id."""
    by_user = {}
    for phone in client.iter_phones(types=types, order_by="id"):
        owner = id_from_uri(phone.get("user"))
        if owner is None:
            continue
        if owner not in by_user and len(by_user) >= limit:
            return _phones_of(client, types, sorted(by_user)), False
        by_user.setdefault(owner, []).append(phone)
    return by_user, True


def _phones_of(client, types, owner_ids):
    """Every chosen-type phone of the sampled owners (paging stopped early may have missed later ones)."""
    by_user = {owner: [] for owner in owner_ids}
    for batch in chunks(owner_ids, PAGE):
        for phone in client.iter_phones(types=types, order_by="id", user__in=batch):
            by_user.setdefault(id_from_uri(phone.get("user")), []).append(phone)
    return by_user


def fetch_users(client, owner_ids):
    """The owners' user records, lowest id first (as the scan links them), 100 per request."""
    return sorted(client.get_users_by_ids(owner_ids), key=lambda user: int(user["id"]))


def _refuse_commit(session):
    """A preview never writes: a commit attempted inside one is a bug, stopped before it happens."""
    raise PreviewError("The preview tried to commit; nothing was written.")


@contextmanager
def undone():
    """Everything done inside is rolled back at the end, and a commit inside is refused."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise PreviewError("The preview needs a session without unsaved changes.")
    event.listen(session, "before_commit", _refuse_commit)
    try:
        yield
    finally:
        event.remove(session, "before_commit", _refuse_commit)
        db.session.rollback()


def dry_link(ctx, users, phones_by_user):
    """Link the sample a page at a time; {ak id: reason} of users the database refused (left out, as errors).

    A refused page is undone and the sample linked again one user a page until the culprit is
    found; production marks such a user error on its own and links the others the same way."""
    refused, size = {}, PAGE
    while len(refused) <= MAX_REFUSED:
        todo = [user for user in users if int(user["id"]) not in refused]
        page = []
        try:
            for page in chunks(todo, size):
                link_users(ctx, page, phones_by_user)
            return refused
        except DB_ERRORS as exc:
            db.session.rollback()
            ctx.stats.pop("primary_group", None)  # it may have been created in the transaction just undone
            if len(page) == 1:
                refused[int(page[0]["id"])] = db_reason(exc)
            size = 1
    raise PreviewError(f"The database refused more than {MAX_REFUSED} users of the sample; "
                       f"first: {next(iter(refused.values()))}")



def _max_id(column):
    """The highest id in a table now (rows above it were made by the preview)."""
    return db.session.scalar(db.select(db.func.max(column))) or 0


def read_links(ctx, ak_ids, members_before):
    """({status: n}, members created, members linked) of the sample's rows after linking."""
    statuses, created, linked = Counter(), 0, 0
    for batch in chunks(ak_ids, 500):
        query = db.select(AkUser.status, AkUser.member_id).where(
            AkUser.integration_id == ctx.integration_id, AkUser.ak_id.in_(batch))
        for status, member_id in db.session.execute(query):
            statuses[status] += 1
            if status == STATUS_SYNCED and member_id is not None:
                created, linked = (created + 1, linked) if member_id > members_before else (created, linked + 1)
    return statuses, created, linked


def link_and_read(ctx, users, phones_by_user):
    """Link the sample inside `undone()` and read what it did: statuses, members, the pushes it queued."""
    from webapp.models import Member
    with undone():
        members_before, pushes_before = _max_id(Member.id), _max_id(PushOutbox.id)
        refused = dry_link(ctx, users, phones_by_user)
        statuses, created, linked = read_links(ctx, [int(user["id"]) for user in users], members_before)
        rewrites, examples = examples_and_rewrites(ctx, pushes_before)
    statuses[STATUS_ERROR] += len(refused)
    return {"statuses": statuses, "members_created": created, "members_linked": linked,
            "rewrites": rewrites, "examples": examples, "refused": refused}


def build_preview(integration, sample=SAMPLE_SIZE):
    """Sample, link, read, roll back: the preview dict; spends ActionKit budget on reads, writes nothing."""
    problems = preview_problems(integration)
    if problems:
        raise PreviewError(" ".join(problems))
    if not 1 <= int(sample) <= SAMPLE_MAX:
        raise PreviewError(f"The sample must be between 1 and {SAMPLE_MAX} phone owners.")
    ctx = SyncContext.load(integration)
    ctx.dry_run = True
    with client_for(integration) as client:
        ctx.client = client
        totals = {"total_users": client.count_users(), "total_phones": count_phones(client, ctx.phone_types)}
        by_user, whole = sample_owners(client, ctx.phone_types, int(sample))
        users = scrub(fetch_users(client, sorted(by_user)))
        outcome = link_and_read(ctx, users, by_user)
        spent = int(client.records_spent or 0)
    return assemble(ctx, users, by_user, whole, int(sample), totals, outcome, spent)


def assemble(ctx, users, by_user, whole, sample, totals, outcome, spent):
    """The preview's figures: `preview --json` prints them and the Settings page shows them."""
    statuses = outcome["statuses"]
    if whole:  # as the scan: users with no phone of the chosen types are counted, never fetched
        statuses[STATUS_NO_PHONE] += max(totals["total_users"] - len(by_user), 0)
    opt_values, odd = opt_in_summary(users, ctx.opt_in_field)
    skipped = {status: n for status, n in sorted(statuses.items()) if status != STATUS_SYNCED and n}
    return {"sampled": len(users), "sample_limit": sample, "whole_list": whole, **totals,
            "would_sync": statuses.get(STATUS_SYNCED, 0), "skipped": skipped,
            "members_created": outcome["members_created"], "members_linked": outcome["members_linked"],
            "rewrites": outcome["rewrites"], "rewrites_total": sum(outcome["rewrites"].values()),
            "examples": outcome["examples"], "refused": {str(k): v for k, v in outcome["refused"].items()},
            "opt_in_field": ctx.opt_in_field, "opt_in_values": opt_values,
            "warnings": opt_in_warnings(ctx.opt_in_field, opt_values, odd),
            "records_spent": spent, "settings": settings_fingerprint(ctx.integration)}


def preview_when_idle(integration, sample=SAMPLE_SIZE, wait=30, run_id=None):
    """The preview while holding the sync lock, so no run changes the data under it; PreviewError when busy."""
    from jobs.locks import cycle_lock
    from jobs.sync.jobqueue import LOCK_NAME
    with cycle_lock(LOCK_NAME, run_id=run_id, wait=wait) as lock:
        if lock is None:
            raise PreviewError("A sync run is in progress; preview again once it has finished.")
        return build_preview(integration, sample)
