"""Automations: what starts a flow (a page action, a keyword, or the default), their rules and counts."""
import re

from sqlalchemy import delete, func, select, update

from webapp.extensions import db
from webapp.models import AkPage, Automation, AutomationFiring, FlowRun, Message
from webapp.models.base import utcnow
from webapp.store.names import clean_name, common_name_error, find_by_name

NAME_MAX = 200
KEYWORD_PATTERN = re.compile(r"[A-Z0-9]{1,40}")
# Carrier consent and help words are answered by the messaging layer before any automation sees them.
RESERVED_KEYWORDS = ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "UNSTOP", "YES", "HELP")
TRIGGER_LABELS = {"page_action": "Action on a page", "keyword": "Keyword", "default": "Default reply"}
AUDIENCE_LABELS = {"any": "Any member", "new": "New members", "existing": "Existing members"}


def list_automations():
    """Every automation by name (flow and page joined)."""
    return list(db.session.scalars(select(Automation).order_by(func.lower(Automation.name))))


def get_automation(automation_id):
    """The automation or None."""
    return db.session.get(Automation, automation_id)


def automation_by_name(name):
    """The automation with this name (case-insensitive), or None."""
    return find_by_name(Automation, name)


def synced_pages():
    """The ActionKit pages an automation can watch: synced ones, by name."""
    return list(db.session.scalars(select(AkPage).where(AkPage.synced.is_(True)).order_by(AkPage.name)))


def page_by_name(name):
    """A synced page by its ActionKit name or id (as the CLI's --page gives it), or None."""
    text = clean_name(name)
    query = select(AkPage).where(AkPage.synced.is_(True))
    if text.isdigit():
        return db.session.scalar(query.where(AkPage.ak_id == int(text)))
    return db.session.scalar(query.where(func.lower(AkPage.name) == text.lower()))


def name_error(name, current=None):
    """Why `name` can't name an automation, or None."""
    return common_name_error(Automation, name, noun="automation", max_len=NAME_MAX, current=current)


def normalize_keyword(word):
    """Keywords match a whole text, trimmed, in any case: stored upper case."""
    return clean_name(word).upper()


def keyword_error(word, current=None):
    """Why this keyword can't start an automation (one word, not reserved, not taken), or None."""
    keyword = normalize_keyword(word)
    if not KEYWORD_PATTERN.fullmatch(keyword):
        return "Use one word of letters and digits (up to 40) as the keyword."
    if keyword in RESERVED_KEYWORDS:
        return f"{keyword} is answered by the consent rules (STOP, START, HELP ...); choose another keyword."
    clash = db.session.scalar(select(Automation).where(Automation.keyword == keyword))
    if clash is not None and (current is None or clash.id != current.id):
        return f"The automation “{clash.name}” already uses the keyword {keyword}."
    return None


def default_error(current=None):
    """There is at most one default automation."""
    clash = db.session.scalar(select(Automation).where(Automation.trigger == "default"))
    if clash is not None and (current is None or clash.id != current.id):
        return f"“{clash.name}” is already the default automation; there can be only one."
    return None


def save_automation(automation, **values):
    """Apply checked values (the form or CLI validated them) and flush; keywords are stored upper case."""
    if values.get("keyword"):
        values["keyword"] = normalize_keyword(values["keyword"])
    for name, value in values.items():
        setattr(automation, name, value)
    if automation.id is None:
        db.session.add(automation)
    db.session.flush()
    return automation


def delete_automation(automation):
    """Delete the automation; its firings go with it, flows, runs and messages stay (unlinked).

    Done by hand as well as by the foreign keys, which SQLite does not enforce."""
    for model in (Message, FlowRun):
        db.session.execute(update(model).where(model.automation_id == automation.id).values(automation_id=None))
    db.session.execute(delete(AutomationFiring).where(AutomationFiring.automation_id == automation.id))
    db.session.delete(automation)
    db.session.flush()


def record_run(automation):
    """Count a start of the automation's flow."""
    automation.run_count = (automation.run_count or 0) + 1
    automation.last_run_at = utcnow()


def enabled_for_page(page_id):
    """Enabled page-action automations watching this page."""
    return list(db.session.scalars(select(Automation).where(
        Automation.trigger == "page_action", Automation.page_id == page_id, Automation.enabled.is_(True))
        .order_by(Automation.id)))


def enabled_for_keyword(text):
    """The enabled keyword automation whose keyword is the whole text, or None."""
    keyword = normalize_keyword(text)
    if not KEYWORD_PATTERN.fullmatch(keyword):
        return None
    return db.session.scalar(select(Automation).where(
        Automation.trigger == "keyword", Automation.keyword == keyword, Automation.enabled.is_(True)))


def enabled_default():
    """The enabled default automation, or None."""
    return db.session.scalar(select(Automation).where(
        Automation.trigger == "default", Automation.enabled.is_(True)))
