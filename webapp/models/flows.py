"""Flows (ordered interactive steps), a member's place in one, and the automations that start them."""
from webapp.extensions import db
from webapp.models.base import TimestampMixin, utcnow

STEP_KINDS = ("message", "collect", "question", "delay")
TRIGGERS = ("page_action", "keyword", "default")
AUDIENCES = ("new", "existing", "any")
# active: running its steps | waiting: for a reply (question/collect) or a due time (delay)
# | done | stopped (STOP, or staff) | needs_response (a second invalid answer went to the inbox)
RUN_STATUSES = ("active", "waiting", "done", "stopped", "needs_response")


class Flow(TimestampMixin, db.Model):
    """A named, ordered sequence of steps that automations start for a member."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, unique=True)

    steps = db.relationship("FlowStep", order_by="FlowStep.position", cascade="all, delete-orphan",
                            back_populates="flow", lazy="selectin")


class FlowStep(db.Model):
    """One step; `config` holds what its kind needs (collect target, question answers, delay minutes)."""

    id = db.Column(db.Integer, primary_key=True)
    flow_id = db.Column(db.Integer, db.ForeignKey("flow.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    kind = db.Column(db.String(12), nullable=False)  # STEP_KINDS
    body = db.Column(db.Text, nullable=False, default="")  # the text sent (message, prompt, question)
    config = db.Column(db.JSON, nullable=False, default=dict)

    flow = db.relationship("Flow", back_populates="steps")


class Automation(TimestampMixin, db.Model):
    """Starts one flow when a member acts on a synced page or texts a keyword (or texts anything: default)."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, unique=True)
    trigger = db.Column(db.String(24), nullable=False, default="page_action")  # TRIGGERS
    page_id = db.Column(db.Integer, db.ForeignKey("ak_page.id", ondelete="SET NULL"), index=True)
    field = db.Column(db.String(128))  # page_action: only when this actionfield has a value
    value = db.Column(db.String(255))  # ... containing this text
    keyword = db.Column(db.String(40), index=True)  # keyword trigger, stored upper case
    audience = db.Column(db.String(12), nullable=False, default="any")  # AUDIENCES
    flow_id = db.Column(db.Integer, db.ForeignKey("flow.id", ondelete="RESTRICT"), nullable=False, index=True)
    enabled = db.Column(db.Boolean, nullable=False, default=True)
    run_count = db.Column(db.Integer, nullable=False, default=0)
    last_run_at = db.Column(db.DateTime)

    flow = db.relationship("Flow", lazy="joined")
    page = db.relationship("AkPage", lazy="joined")


class FlowRun(db.Model):
    """A member's place in a flow: the next step, what it waits for and when a delay is due."""

    id = db.Column(db.Integer, primary_key=True)
    flow_id = db.Column(db.Integer, db.ForeignKey("flow.id", ondelete="CASCADE"), nullable=False, index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    automation_id = db.Column(db.Integer, db.ForeignKey("automation.id", ondelete="SET NULL"), index=True)
    ak_action_id = db.Column(db.Integer, db.ForeignKey("ak_action.id", ondelete="SET NULL"))
    position = db.Column(db.Integer, nullable=False, default=0)  # index of the current step
    status = db.Column(db.String(16), nullable=False, default="active", index=True)  # RUN_STATUSES
    waiting_for = db.Column(db.String(8))  # reply | delay
    due_at = db.Column(db.DateTime, index=True)  # when a delay step is over
    invalid_replies = db.Column(db.Integer, nullable=False, default=0)
    reason = db.Column(db.Text, nullable=False, default="")  # why it stopped early, for staff
    started_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    flow = db.relationship("Flow", lazy="joined")


class AutomationFiring(db.Model):
    """The guard: an automation fires at most once per action, across retries and duplicate notices."""

    __table_args__ = (db.UniqueConstraint("automation_id", "ak_action_id"),)

    id = db.Column(db.Integer, primary_key=True)
    automation_id = db.Column(db.Integer, db.ForeignKey("automation.id", ondelete="CASCADE"), nullable=False)
    ak_action_id = db.Column(db.Integer, db.ForeignKey("ak_action.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    flow_run_id = db.Column(db.Integer, db.ForeignKey("flow_run.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
