"""Dev-only: keep every sandbox page's webhook on this app's current webhook URL.

Connect gives the integration its webhook token and a rotation replaces it; in production staff paste the
new URL into their ActionKit pages. In the embedded mode nobody should have to, so a thread beside the
worker re-points the sandbox's pages within a second of either. Only webapp.embedded starts it.
"""
import logging
import threading

from webapp.extensions import db
from webapp.store.integration import get_integration
from webapp.store.webhook_token import webhook_path

INTERVAL_SECONDS = 1.0
log = logging.getLogger("kitbridge.dev.webhooks")


def current_token(app):
    """The integration's webhook token now (None before the first connect), read in a fresh session."""
    with app.app_context():
        try:
            integration = get_integration()
            return integration.webhook_token if integration is not None else None
        finally:
            db.session.remove()


def ours_prefix(app_url):
    """The start every webhook URL of this app shares, whatever its token."""
    return app_url.rstrip("/") + webhook_path("")


def wanted(current, app_url, token):
    """The page's URLs with ours swapped for the current token's (other receivers are left alone)."""
    others = [url for url in current if not url.startswith(ours_prefix(app_url))]
    return others + ([ours_prefix(app_url) + token] if token else [])


def point_pages(store, app_url, token):
    """Re-point every page whose webhooks don't match the token yet; returns how many changed.

    Import pages get none: nobody acts on them, and the sync's own write-backs go there, each of which
    would otherwise come back as a webhook notice about an action of a page that is never synced."""
    changed = 0
    for row in store.db.query("SELECT id, type FROM pages ORDER BY id"):
        current = store.webhooks_for(row["id"])
        urls = wanted(current, app_url, None if row["type"] == "import" else token)
        if urls != current:
            store.set_webhooks(row["id"], urls)
            changed += 1
    return changed


def follow_once(app, store, app_url):
    """One look at the token and the pages; returns how many pages were re-pointed."""
    token = current_token(app)
    changed = point_pages(store, app_url, token)
    if changed:
        log.info("Pointed the webhooks of %d sandbox page(s) at %s", changed,
                 ours_prefix(app_url) + "…" if token else "nothing (no webhook token)")
    return changed


def start_webhook_follower(app, store, app_url, stop, interval=INTERVAL_SECONDS):
    """A daemon thread calling follow_once every `interval` seconds until `stop` is set."""
    def loop():
        """Never let one failed look end the thread: the next second tries again."""
        while not stop.is_set():
            try:
                follow_once(app, store, app_url)
            except Exception:  # noqa: BLE001 - a dev helper logs and keeps going
                log.exception("Could not point the sandbox's page webhooks at the app")
            stop.wait(interval)
    thread = threading.Thread(target=loop, name="kitbridge-webhook-follower", daemon=True)
    thread.start()
    return thread
