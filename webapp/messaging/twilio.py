"""The Twilio provider: its REST API through `requests`, and the check of Twilio's request signature.

Twilio signs each webhook with HMAC-SHA1 (key: the auth token) over the full URL followed by every
POST parameter, sorted by name, as name+value; the base64 digest comes in X-Twilio-Signature.
"""
import base64
import hashlib
import hmac

import requests

from webapp.messaging.providers import ProviderError, SendResult

TIMEOUT = (5, 20)
# Twilio's own message statuses, mapped onto ours (an unknown one is kept as "sent": it left us).
STATUSES = {"accepted": "sent", "queued": "sent", "sending": "sent", "sent": "sent", "delivered": "delivered",
            "undelivered": "undelivered", "failed": "failed", "canceled": "failed", "read": "delivered"}


def expected_signature(auth_token, url, params):
    """The signature Twilio sends for this URL and these POST parameters (params: name -> list of values)."""
    payload = url + "".join(name + value for name in sorted(params) for value in sorted(params[name]))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_valid(auth_token, url, params, signature):
    """Constant-time check of X-Twilio-Signature; a missing one is invalid."""
    if not signature or not auth_token:
        return False
    return hmac.compare_digest(expected_signature(auth_token, url, params), signature)


class TwilioProvider:
    """Sends through Twilio's Messages API from a number or a messaging service."""

    name = "twilio"
    checks_signatures = True

    def __init__(self, account_sid, auth_token, from_number=None, service_sid=None, api_url=None,
                 status_callback=None):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.from_number, self.service_sid = from_number, service_sid
        self.api_url = (api_url or "https://api.twilio.com").rstrip("/")
        self.status_callback = status_callback

    @classmethod
    def from_config(cls, config):
        """Build it from TWILIO_* settings (checked at startup, see webapp.messaging.settings)."""
        return cls(config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN"),
                   config.get("TWILIO_FROM_NUMBER") or None, config.get("TWILIO_MESSAGING_SERVICE_SID") or None,
                   config.get("TWILIO_API_URL"), config.get("TWILIO_STATUS_CALLBACK_URL") or None)

    def send(self, to, body, message_id):
        """POST one message; Twilio's answer gives the sid and first status, a refusal its message."""
        url = f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        try:
            response = requests.post(url, data=self._form(to, body), auth=(self.account_sid, self.auth_token),
                                     timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ProviderError(f"Twilio could not be reached: {type(exc).__name__}.") from exc
        answer = _json(response)
        if response.status_code >= 400:
            raise ProviderError(f"Twilio refused the message ({response.status_code}): "
                                f"{answer.get('message') or response.reason}")
        return SendResult(status=STATUSES.get(answer.get("status"), "sent"), sid=answer.get("sid"),
                          error=answer.get("error_message"))

    def _form(self, to, body):
        """The Messages API form: To, Body, From or MessagingServiceSid, and the status callback."""
        form = {"To": to, "Body": body}
        if self.service_sid:
            form["MessagingServiceSid"] = self.service_sid
        else:
            form["From"] = self.from_number
        if self.status_callback:
            form["StatusCallback"] = self.status_callback
        return form


def _json(response):
    """Twilio's JSON answer, or {} when it sent something else (a proxy's error page)."""
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
