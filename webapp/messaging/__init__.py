"""Texting members: queue outbound messages (sent by jobs through the configured provider)."""
from webapp.messaging.outbound import queue_consent_reply, queue_outbound, queue_staff_reply

__all__ = ["queue_outbound", "queue_consent_reply", "queue_staff_reply"]
