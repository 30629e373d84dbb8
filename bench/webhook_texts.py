"""bench/webhook.py's third phase: a page automation's first text, timed from the action posted to aksandbox."""
import time

from webhook_checks import post_sandbox_action
from webhook_load import percentile

TEMPLATE = "Hi {{first_name}}, thanks for {{page.title}}!"


def add_page_automation(setup):
    """A one-message flow started by every new action on the synced page (as the CLI's `--message` makes it)."""
    from webapp.extensions import db
    from webapp.models import AkPage, Automation
    from webapp.store.automations import save_automation
    from webapp.store.flows import one_message_flow
    with setup["app"].app_context():
        page = db.session.scalar(db.select(AkPage).filter_by(name=setup["page"]))
        flow = one_message_flow("Bench thanks", TEMPLATE)
        automation = save_automation(Automation(), name="Bench thanks", trigger="page_action", page_id=page.id,
                                     flow_id=flow.id, audience="any")
        db.session.commit()
        return automation.id


def subscribed_linked_users(setup, count):
    """Up to `count` linked ActionKit users whose members are subscribed (only they are texted)."""
    from webapp.extensions import db
    from webapp.models import AkUser, Member
    with setup["app"].app_context():
        return list(db.session.execute(
            db.select(AkUser.ak_id, AkUser.member_id).join(Member, Member.id == AkUser.member_id)
            .where(AkUser.status == "synced", Member.subscribed.is_(True)).order_by(AkUser.ak_id).limit(count)))


def act_and_wait_for_text(setup, automation_id, user_id, member_id, limit=30.0):
    """Seconds from posting an action as the user to the automation's text to them being sent (None: never)."""
    from webapp.extensions import db
    from webapp.models import Message
    with setup["app"].app_context():
        before = db.session.scalar(db.select(db.func.max(Message.id))) or 0
        started = time.perf_counter()
        post_sandbox_action(setup, user_id)
        while time.perf_counter() - started < limit:
            db.session.rollback()
            if db.session.scalar(db.select(Message.id).where(
                    Message.id > before, Message.member_id == member_id, Message.automation_id == automation_id,
                    Message.direction == "outbound", Message.status == "sent").limit(1)) is not None:
                return time.perf_counter() - started
            time.sleep(0.005)
    return None


def action_to_text(setup, count):
    """Phase 3 (the webhook already points at the app): p50/p95 from an action to its automation's sent text."""
    automation_id = add_page_automation(setup)
    users = subscribed_linked_users(setup, count)
    waits = [act_and_wait_for_text(setup, automation_id, ak_id, member_id) for ak_id, member_id in users]
    arrived = [w for w in waits if w is not None]
    return {"actions": len(waits), "arrived": len(arrived), "p50 s": percentile(arrived, 0.5),
            "p95 s": percentile(arrived, 0.95)}
