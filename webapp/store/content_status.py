"""Counts of pages, actions and groups plus the webhook path, for `actionkit status --json` and the UI.

Read-only; kept apart from sync_status so the user-sync summary stays small.
"""
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AkAction, AkPage, Group
from webapp.models.members import GROUP_KINDS
from webapp.store.ak_pages import page_counts as stored_page_counts
from webapp.store.webhook_token import webhook_path as path_for


def page_counts(integration):
    """{"total", "synced"}: pages fetched from ActionKit and how many of them feed a group."""
    if integration is None:
        return {"total": 0, "synced": 0}
    return stored_page_counts(integration.id)


def synced_action_count(integration):
    """Stored actions of pages that are synced now (actions of other pages are only recorded)."""
    if integration is None:
        return 0
    query = (select(func.count(AkAction.id)).join(AkPage, AkPage.id == AkAction.page_id)
             .where(AkAction.integration_id == integration.id, AkPage.synced.is_(True)))
    return db.session.scalar(query)


def group_kind_counts():
    """{kind: count} for every group kind, zeros included, so a reader never guesses a missing key."""
    counts = dict.fromkeys(GROUP_KINDS, 0)
    counts.update(db.session.execute(select(Group.kind, func.count(Group.id)).group_by(Group.kind)).all())
    return counts


def webhook_path(integration):
    """Where ActionKit page webhooks must post, or None before the first connect gave a token."""
    if integration is None or not integration.webhook_token:
        return None
    return path_for(integration.webhook_token)


def content_summary(integration):
    """The pages/actions/groups/webhook part of the status summary."""
    return {"pages": page_counts(integration), "actions": synced_action_count(integration),
            "groups": group_kind_counts(), "webhook_path": webhook_path(integration)}
