"""How a text leaves the machine: one small interface, the outbox provider (default) and Twilio.

A provider takes plain values (no ORM objects) and answers a SendResult; it never touches the database.
Its settings come from the environment and are checked at startup, so a half-configured Twilio never runs.
"""
from dataclasses import dataclass


PROVIDERS = ("outbox", "twilio")


class ProviderError(Exception):
    """The provider refused or could not be reached; the message says which, for staff.

    retry: the provider certainly did not take the message (no connection, 429, 5xx), so sending again is safe."""

    def __init__(self, message, retry=False):
        """Keep the message for staff and whether another try is safe."""
        super().__init__(message)
        self.retry = retry


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
    if name not in PROVIDERS:
        raise ValueError(f"MESSAGING_PROVIDER must be 'outbox' or 'twilio', not {name!r}.")
    return name


def get_provider(config):
    """The provider for this app's configuration."""
    if provider_name(config) == "twilio":
        from webapp.messaging.twilio import TwilioProvider
        return TwilioProvider.from_config(config)
    return OutboxProvider()


DEFAULT_REPLIES = {
    "MESSAGING_STOP_REPLY": "You are unsubscribed and will receive no more messages. Reply START to resubscribe.",
    "MESSAGING_START_REPLY": "You are subscribed again. Reply STOP to unsubscribe, HELP for help.",
    "MESSAGING_HELP_REPLY": "Reply STOP to unsubscribe, START to resubscribe. Msg & data rates may apply.",
}
TWILIO_KEYS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID",
               "TWILIO_STATUS_CALLBACK_URL")


def messaging_settings(env):
    """MESSAGING_PROVIDER, the TWILIO_* values, the consent replies and the inbox's simulate switch."""
    settings = {key: env.get(key, "").strip() for key in TWILIO_KEYS}
    settings["MESSAGING_PROVIDER"] = env.get("MESSAGING_PROVIDER", "outbox").strip().lower() or "outbox"
    settings["TWILIO_API_URL"] = env.get("TWILIO_API_URL", "").strip() or "https://api.twilio.com"
    settings["MESSAGING_RETRY_DELAYS"] = (2, 10)  # seconds before the 2nd and 3rd try after a transient error
    settings["INBOX_SIMULATE"] = env.get("INBOX_SIMULATE", "0").strip().lower() in ("1", "true", "yes", "on")
    for key, default in DEFAULT_REPLIES.items():
        settings[key] = env.get(key, "").strip() or default
    check_messaging_settings(settings)
    return settings


def check_messaging_settings(settings):
    """Refuse an unknown provider, or Twilio without its account, token and a sender."""
    if provider_name(settings) != "twilio":
        return
    missing = [key for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not settings.get(key)]
    if not (settings.get("TWILIO_FROM_NUMBER") or settings.get("TWILIO_MESSAGING_SERVICE_SID")):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    if missing:
        raise ValueError(f"MESSAGING_PROVIDER=twilio needs {', '.join(missing)}.")
