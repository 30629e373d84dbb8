"""How a text leaves the machine: one small interface, the outbox provider (default) and Twilio.

A provider takes plain values (no ORM objects) and answers a SendResult; it never touches the database.
"""
from dataclasses import dataclass


class ProviderError(Exception):
    """The provider refused or could not be reached; the message says which, for staff."""


@dataclass(frozen=True)
class SendResult:
    """What the provider said: the status to store, its message id and an error to show staff."""

    status: str
    sid: str | None = None
    error: str | None = None


class OutboxProvider:
    """The default: messages are stored and shown in the inbox, nothing is sent anywhere."""

    name = "outbox"
    checks_signatures = False

    def send(self, to, body, message_id):
        """Accept the message as sent; it lives only in the outbox (the inbox shows it)."""
        return SendResult(status="sent", sid=None)


def provider_name(config):
    """The configured provider's name, checked, so a typo is a clear error rather than a silent outbox."""
    name = (config.get("MESSAGING_PROVIDER") or "outbox").strip().lower()
    if name not in ("outbox", "twilio"):
        raise ValueError(f"MESSAGING_PROVIDER must be 'outbox' or 'twilio', not {name!r}.")
    return name


def get_provider(config):
    """The provider for this app's configuration."""
    if provider_name(config) == "twilio":
        from webapp.messaging.twilio import TwilioProvider
        return TwilioProvider.from_config(config)
    return OutboxProvider()
