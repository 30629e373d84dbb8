"""The state every emulator view shares; its own module, so app.py and the blueprints import it without a cycle."""
from dataclasses import dataclass, field

from flask import current_app

from .config import SandboxConfig
from .limits import ConcurrencyGate, Faults, RecordBudget, Stats
from .resources import build_registry
from .webhooks import WebhookSender


@dataclass
class SandboxState:
    """Everything the views share: store, config, limits, stats, webhook sender."""
    store: object
    config: SandboxConfig
    registry: dict = field(default_factory=build_registry)
    budget: RecordBudget = field(default_factory=RecordBudget)
    gate: ConcurrencyGate = field(default_factory=ConcurrencyGate)
    stats: Stats = field(default_factory=Stats)
    webhooks: WebhookSender = field(default_factory=WebhookSender)
    faults: Faults = None


def state():
    """The SandboxState of the current app."""
    return current_app.extensions["aksandbox"]
