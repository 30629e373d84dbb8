"""Runtime settings of one sandbox; the control endpoint can change the mutable ones."""
from dataclasses import asdict, dataclass

MUTABLE = ("records_per_minute", "max_concurrency", "fail_rate", "latency_ms", "window_seconds",
           "fault_mode", "fault_host")
KINDS = {"fail_rate": float, "fault_mode": str, "fault_host": str}
# Hostile answers a real ActionKit (or whatever sits at its hostname) could send; see hostile.py.
FAULT_MODES = ("", "html", "truncated_json", "not_an_object", "objects_not_list", "redirect",
               "next_other_host", "next_loop", "malformed_phones", "phones_without_number",
               "users_without_id", "always_429", "lost_write_answer")


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
    window_seconds: int = 60
    fault_mode: str = ""
    fault_host: str = ""

    def update(self, changes):
        """Apply a PATCH /_sandbox/config body; returns the list of unknown keys (ValueError for bad values)."""
        unknown = [k for k in changes if k not in MUTABLE]
        parsed = {key: KINDS.get(key, int)(changes[key]) for key in MUTABLE if key in changes}
        if parsed.get("fault_mode", "") not in FAULT_MODES:
            raise ValueError(f"fault_mode must be one of {', '.join(repr(m) for m in FAULT_MODES)}")
        if parsed.get("window_seconds", 1) < 1:
            raise ValueError("window_seconds must be at least 1")
        for key, value in parsed.items():
            setattr(self, key, value)
        return unknown

    def public(self):
        """The settings without the password, for GET /_sandbox/config."""
        data = asdict(self)
        data.pop("password")
        return data
