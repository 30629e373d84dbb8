"""Page webhooks (15.9): form-encoded POSTs after an action, in the background, errors logged."""
import logging
import threading

import requests

log = logging.getLogger("aksandbox.webhooks")
TIMEOUT_SECONDS = 3


class WebhookSender:
    """Fires webhook POSTs on daemon threads and remembers the outcome of each delivery."""

    def __init__(self):
        """Keep deliveries and threads so tests can wait for and inspect every POST."""
        self.deliveries = []
        self.lock = threading.Lock()
        self.threads = []

    def send(self, urls, data):
        """POST `data` form-encoded to each URL without blocking the action response."""
        for url in urls:
            thread = threading.Thread(target=self._deliver, args=(url, dict(data)), daemon=True)
            with self.lock:
                self.threads = [t for t in self.threads if t.is_alive()] + [thread]
            thread.start()

    def _deliver(self, url, data):
        """One delivery; failures are logged and recorded, never raised."""
        try:
            status = requests.post(url, data=data, timeout=TIMEOUT_SECONDS).status_code
        except requests.RequestException as exc:
            log.warning("webhook %s failed: %s", url, exc)
            status = None
        with self.lock:
            self.deliveries.append({"url": url, "data": data, "status": status})

    def wait(self, timeout=5.0):
        """Join pending deliveries (tests use this to avoid sleeping)."""
        with self.lock:
            threads = list(self.threads)
        for thread in threads:
            thread.join(timeout)


def action_payload(action, page, akid):
    """The fields our webhook sends: action_id, page, user_id, akid, created_at."""
    return {"action_id": str(action["id"]), "page": page["name"], "user_id": str(action["user_id"]),
            "akid": akid or "", "created_at": action["created_at"]}
