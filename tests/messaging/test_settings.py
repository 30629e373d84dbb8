"""Messaging settings are checked at startup: a half-configured Twilio or a typo never runs silently."""
import pytest

from webapp.config import config_from_env

TWILIO = {"MESSAGING_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}


def test_defaults_to_the_outbox_with_consent_replies(tmp_path):
    config = config_from_env(tmp_path, env={})
    assert config["MESSAGING_PROVIDER"] == "outbox" and config["INBOX_SIMULATE"] is False
    assert "STOP" in config["MESSAGING_START_REPLY"] and "START" in config["MESSAGING_STOP_REPLY"]


@pytest.mark.parametrize("env, missing", [
    (dict(TWILIO), "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID"),
    ({**TWILIO, "TWILIO_AUTH_TOKEN": "", "TWILIO_FROM_NUMBER": "+15005550006"}, "TWILIO_AUTH_TOKEN"),
    ({"MESSAGING_PROVIDER": "twillio"}, "'outbox' or 'twilio'"),
])
def test_incomplete_twilio_or_unknown_provider_is_refused(tmp_path, env, missing):
    with pytest.raises(ValueError, match=missing):
        config_from_env(tmp_path, env=env)


def test_a_messaging_service_is_enough_as_sender(tmp_path):
    config = config_from_env(tmp_path, env={**TWILIO, "TWILIO_MESSAGING_SERVICE_SID": "MG1"})
    assert config["MESSAGING_PROVIDER"] == "twilio"


def test_embedded_mode_offers_simulated_replies(tmp_path):
    from webapp.embedded import embedded_config
    config = embedded_config(tmp_path, {"SECRET_KEY": "s", "ENCRYPTION_KEY": "k"})
    assert config["INBOX_SIMULATE"] is True and "MESSAGING_PROVIDER" not in config  # the outbox unless set
