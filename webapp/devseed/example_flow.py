"""Dev-only: the embedded mode ships one example flow and its automation on one sandbox page.

A newcomer who connects and turns Sync Accounts on should see texting work without building anything: once
the sandbox's pages are fetched, the example page is synced and an automation on it starts the example flow,
so acting on that page in the sandbox (its take-action form) starts a conversation in the Inbox. It is made
once per instance folder (remembered in the embedded state), so staff may edit or delete it freely.
Only webapp.embedded starts it.
"""
import logging
import threading

from webapp.extensions import db
from webapp.models import AkPage, Automation
from webapp.store.automations import save_automation
from webapp.store.flows import add_step, create_flow
from webapp.store.groups import create_group
from webapp.store.integration import get_active_integration
from webapp.store.members import find_group_by_name
from webapp.store.names import NameRejected

EXAMPLE_PAGE = "volunteer-signup"
FLOW_NAME = "Example: volunteer welcome"
AUTOMATION_NAME = "Example: welcome volunteer sign-ups"
GROUP_NAME = "Example: shift volunteers"
QUESTION = ("Hi {{first_name}}, thanks for signing up on {{page.title}}! Can we text you about volunteer shifts? "
            "Reply YES or NO")
CLOSING = "Thanks, {{first_name}}! Text STOP any time to stop these texts."
STATE_KEY = "EXAMPLE_AUTOMATION"
INTERVAL_SECONDS = 1.0
log = logging.getLogger("kitbridge.dev.example")


def example_banner_line(sandbox_url):
    """The start-up banner's pointer to the example, so a newcomer knows where to act and where to look."""
    return (f"  Example flow:      once Sync Accounts is on, act on {sandbox_url}/act/{EXAMPLE_PAGE}/ with your "
            f"mobile number: the conversation starts in the Inbox")


def example_flow(group):
    """The flow: a yes/no question whose Yes joins the example group, then a closing message."""
    flow = create_flow(FLOW_NAME)
    answers = [{"label": "Yes", "group_id": group.id}, {"label": "No"}]
    add_step(flow, "question", QUESTION, {"style": "yes_no", "answers": answers,
                                          "invalid_message": "Please reply YES or NO."})
    add_step(flow, "message", CLOSING, {})
    return flow


def ship_example(page):
    """Sync the page (its past actions are backfill: they text nobody) and attach the automation. Caller commits."""
    from jobs.sync.page_sync import request_page_sync
    request_page_sync(page.id)
    group = find_group_by_name(GROUP_NAME) or create_group(GROUP_NAME)
    automation = save_automation(Automation(), name=AUTOMATION_NAME, trigger="page_action", page_id=page.id,
                                 flow_id=example_flow(group).id, audience="any")
    log.info("Example automation “%s” on sandbox page %s: act on it, watch the Inbox.", AUTOMATION_NAME, page.name)
    return automation


def try_once(app):
    """Ship the example when the integration is active and the page fetched; True once shipped."""
    with app.app_context():
        try:
            integration = get_active_integration()
            if integration is None:
                return False
            page = db.session.scalar(db.select(AkPage).filter_by(integration_id=integration.id, name=EXAMPLE_PAGE))
            if page is None:
                return False
            ship_example(page)
            db.session.commit()
            return True
        except NameRejected as refusal:  # staff already use one of its names: leave theirs alone, never retry
            db.session.rollback()
            log.warning("Example flow not shipped: %s", refusal)
            return True
        finally:
            db.session.remove()


def start_unless_shipped(app, state, save, stop):
    """The shipper thread in a list, or none when an earlier start shipped the example (staff own it now)."""
    if state.get(STATE_KEY):
        return []

    def remember():
        """Note it in the embedded state so no later start makes it again."""
        state[STATE_KEY] = True
        save()
    return [start_example_shipper(app, remember, stop)]


def start_example_shipper(app, remember, stop, interval=INTERVAL_SECONDS):
    """A daemon thread that ships the example once (then calls remember()) or runs until `stop` is set."""
    def loop():
        """A failed look (the database busy, a name taken) is logged and tried again next second."""
        while not stop.is_set():
            try:
                if try_once(app):
                    remember()
                    return
            except Exception:  # noqa: BLE001 - a dev helper logs and keeps going
                log.exception("Could not ship the example flow and automation")
            stop.wait(interval)
    thread = threading.Thread(target=loop, name="kitbridge-example-shipper", daemon=True)
    thread.start()
    return thread
