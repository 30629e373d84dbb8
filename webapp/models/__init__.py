"""All models, importable from one place (also what Alembic autogenerate sees)."""
from webapp.models.actionkit_content import ActionFieldGroup, AkAction, AkPage, AkUserGroup
from webapp.models.base import utcnow
from webapp.models.integration import (USER_STATUSES, AkUser, FieldMapping, Integration,
                                       PushOutbox, SyncEvent, SyncRun)
from webapp.models.members import (GROUP_KINDS, MEMBER_SOURCES, CustomField, Group, GroupChange,
                                   GroupMembership, Member, MemberFieldValue)
from webapp.models.consent import ConsentChange
from webapp.models.flows import Automation, AutomationFiring, Flow, FlowRun, FlowStep
from webapp.models.messaging import Conversation, Message
from webapp.models.staff import StaffUser

__all__ = [
    "ActionFieldGroup", "AkAction", "AkPage", "AkUserGroup", "AkUser", "FieldMapping", "Integration",
    "PushOutbox", "SyncEvent", "SyncRun", "CustomField", "Group", "GroupChange", "GroupMembership",
    "Member", "MemberFieldValue", "Automation", "AutomationFiring", "Flow", "FlowRun", "FlowStep",
    "Conversation", "Message", "ConsentChange", "StaffUser", "utcnow",
    "USER_STATUSES", "GROUP_KINDS", "MEMBER_SOURCES",
]
