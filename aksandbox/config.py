"""Runtime settings of one sandbox; the control endpoint can change the mutable ones."""
from dataclasses import asdict, dataclass

MUTABLE = ("records_per_minute", "max_concurrency", "fail_rate", "latency_ms")


@dataclass
class SandboxConfig:
    """Credentials, limits and fault injection for one emulator instance."""
    username: str = "aksandbox"
    password: str = "aksandbox"
    records_per_minute: int = 1000
    max_concurrency: int = 0
    fail_rate: float = 0.0
    latency_ms: int = 0
    seed: int = 1

    def update(self, changes):
        """Apply a PATCH /_sandbox/config body; returns the list of unknown keys."""
        unknown = [k for k in changes if k not in MUTABLE]
        for key in MUTABLE:
            if key in changes:
                kind = float if key == "fail_rate" else int
                setattr(self, key, kind(changes[key]))
        return unknown

    def public(self):
        """The settings without the password, for GET /_sandbox/config."""
        data = asdict(self)
        data.pop("password")
        return data
