"""Switching the integration to another ActionKit instance: what of the old one's sync state goes.

Every ActionKit id we hold (user links, pages, actions, usergroups, the import page, pushes aimed
at a user id, watermarks) means nothing on another instance: kept, later pushes would hit the
wrong users or fail "Unable to find a page". Members, groups, their data and the ledger stay.
"""
from dataclasses import dataclass

from webapp.extensions import db
from webapp.models import ActionFieldGroup, AkAction, AkPage, AkUser, AkUserGroup, PushOutbox
from webapp.queues import get_redis
from webapp.store.webhook_token import rotate_webhook_token

OPEN_PUSHES = ("pending", "failed")
PHONE_SEEN_KEY = "kitbridge:sync:phones-seen:{}"  # the cycle's phone dedupe set (jobs/sync/cycle.py)
WATERMARKS = ("users_watermark", "phones_watermark", "pages_watermark", "usergroups_watermark")


@dataclass
class InstanceState:
    """How much of the old instance's sync state a switch would clear."""

    hostname: str
    ak_users: int
    linked: int
    pages: int
    actions: int
    usergroups: int
    open_pushes: int
    import_page: str
    watermarks: bool

    def any(self):
        """True when there is something to clear (a never-scanned integration switches silently)."""
        return bool(self.ak_users or self.pages or self.actions or self.usergroups or self.open_pushes
                    or self.import_page or self.watermarks)

    def lines(self):
        """What will be cleared, one sentence each, for the confirmation page and the CLI."""
        lines = [f"{self.ak_users} scanned ActionKit users and their links to members ({self.linked} linked)",
                 f"{self.open_pushes} pending or failed pushes to {self.hostname} (cancelled, with the reason)",
                 f"{self.pages} pages with {self.actions} actions and {self.usergroups} usergroups fetched from it",
                 "the fetch watermarks, so the new instance is scanned from the start"]
        if self.import_page:
            lines.append(f"the import page {self.import_page!r}")
        lines.append("the webhook URL (a new one is issued for the new instance)")
        return lines


def _count(model, *where):
    """Rows of `model` matching `where`."""
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where)) or 0


def old_instance_state(integration):
    """Count the sync state tied to the integration's current ActionKit instance."""
    iid = integration.id
    return InstanceState(
        hostname=integration.hostname,
        ak_users=_count(AkUser, AkUser.integration_id == iid),
        linked=_count(AkUser, AkUser.integration_id == iid, AkUser.member_id.is_not(None)),
        pages=_count(AkPage, AkPage.integration_id == iid),
        actions=_count(AkAction, AkAction.integration_id == iid),
        usergroups=_count(AkUserGroup, AkUserGroup.integration_id == iid),
        open_pushes=_count(PushOutbox, PushOutbox.status.in_(OPEN_PUSHES)),
        import_page=integration.import_page_name or "",
        watermarks=any(getattr(integration, name) for name in WATERMARKS))


def clear_instance_state(integration, new_hostname):
    """Forget the old instance's ids and progress; members, groups, mappings and the ledger are kept."""
    iid = integration.id
    db.session.execute(db.update(ActionFieldGroup).where(ActionFieldGroup.integration_id == iid)
                       .values(page_id=None))
    for model in (AkAction, AkPage, AkUserGroup, AkUser):
        db.session.execute(db.delete(model).where(model.integration_id == iid))
    reason = f"Cancelled: the integration was switched from {integration.hostname} to {new_hostname}."
    db.session.execute(db.update(PushOutbox).where(PushOutbox.status.in_(OPEN_PUSHES))
                       .values(status="cancelled", last_error=reason))
    for name in WATERMARKS:
        setattr(integration, name, None)
    integration.import_page_id = integration.import_page_name = None
    integration.activated_at = None
    rotate_webhook_token(integration)
    db.session.flush()
    get_redis().delete(PHONE_SEEN_KEY.format(iid))
