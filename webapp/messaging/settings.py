"""Messaging settings from the environment, checked at startup so a half-configured Twilio never runs."""

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
    settings["INBOX_SIMULATE"] = env.get("INBOX_SIMULATE", "0").strip().lower() in ("1", "true", "yes", "on")
    for key, default in DEFAULT_REPLIES.items():
        settings[key] = env.get(key, "").strip() or default
    check_messaging_settings(settings)
    return settings


def check_messaging_settings(settings):
    """Refuse an unknown provider, or Twilio without its account, token and a sender."""
    provider = settings.get("MESSAGING_PROVIDER")
    if provider not in ("outbox", "twilio"):
        raise ValueError(f"MESSAGING_PROVIDER must be 'outbox' or 'twilio', not {provider!r}.")
    if provider != "twilio":
        return
    missing = [key for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not settings.get(key)]
    if not (settings.get("TWILIO_FROM_NUMBER") or settings.get("TWILIO_MESSAGING_SERVICE_SID")):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    if missing:
        raise ValueError(f"MESSAGING_PROVIDER=twilio needs {', '.join(missing)}.")
