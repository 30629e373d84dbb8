"""Consent keywords in effect: the subscription change, its ledger row and push, and the one reply."""
from flask import current_app

from jobs.sync.jobqueue import after_commit, push_job_id
from webapp.messaging import queue_consent_reply
from webapp.store.consent import record_subscription_change


def apply_keyword(member, message, keyword, new_member=False):
    """Act on "stop", "start" or "help" and return it; None (not a keyword) leaves the text to the flows.

    new_member: the sender was just created (a first text STOP made it unsubscribed): still owed the reply."""
    if keyword is None:
        return None
    if keyword == "help":
        queue_consent_reply(member, current_app.config["MESSAGING_HELP_REPLY"])
        return keyword
    subscribed = keyword == "start"
    evidence = f"Texted \u201c{message.body.strip()[:100]}\u201d from {message.phone} " \
               f"(message {message.provider_sid or message.id})."
    changed = record_subscription_change(member, subscribed, "keyword", evidence)
    if not subscribed:
        _stop_flows(member.id)
    if changed is not None or new_member:
        queue_consent_reply(member, current_app.config["MESSAGING_START_REPLY" if subscribed
                                                       else "MESSAGING_STOP_REPLY"])
        _request_push()
    return keyword


def _stop_flows(member_id):
    """End the member's running flows (the flow engine arrives with the flows work; until then nothing runs)."""
    try:
        from jobs.flows.engine import stop_flows
    except ImportError:
        return
    stop_flows(member_id)


def _request_push():
    """Send the opt-in change to ActionKit soon, not at the next 10-minute cycle."""
    from jobs.sync.control import CYCLE_TIMEOUT, run_push
    after_commit(run_push, job_id=push_job_id(), job_timeout=CYCLE_TIMEOUT)
