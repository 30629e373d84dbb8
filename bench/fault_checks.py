"""What bench/faults.py measures, read straight from the sandbox and the database (no sync code involved).

Defects it counts, each of which must be 0: duplicate members (members created from ActionKit that no
rightful phone owner explains, or a rightful owner linked to a member of another phone), duplicate pushes
(an edit that reached ActionKit more than once) and recognized opt-in values changed in ActionKit.
"""
import time
from collections import Counter

from tests.sync_jobs.conftest import Raw
from tests.sync_jobs.expect import expected_statuses
from webapp.rules import parse_opt_in


class SandboxReader(Raw):
    """The tests' plain-requests reader of the sandbox, with patience for the faults the bench injects."""

    def get(self, path, **params):
        """GET, retrying the sandbox's injected 5xx and 429s: the bench's own reads must not fail on them."""
        for _ in range(200):
            response = self.session.get(self.handle.url(path), params=params, timeout=30)
            if response.status_code == 200:
                return response.json()
            if response.status_code not in (429, 500, 502, 503, 504):
                response.raise_for_status()
            time.sleep(0.5)
        raise RuntimeError(f"sandbox kept failing on {path}")

    def reset(self):
        """Empty the sandbox's rate window and zero its counters (its data stays)."""
        self.session.post(self.handle.url("/_sandbox/reset"), timeout=10).raise_for_status()


def opt_ins(reader, field="sms_opt_in"):
    """{ak id: raw opt-in value} of every user."""
    return {u["id"]: (u.get("fields") or {}).get(field) for u in reader.all("user")}


def recognized_changed(before, after):
    """How many recognized true/false values changed (new users are not changes)."""
    return sum(1 for ak_id, value in before.items()
               if parse_opt_in(value).as_bool() is not None and after.get(ak_id) != value)


def expected_links(reader):
    """{ak id: e164} of the users that must end synced (lowest id owns a shared phone)."""
    return {ak_id: e164 for ak_id, (status, e164) in expected_statuses(reader).items() if status == "synced"}


def link_defects(expected, linked):
    """(linked users, duplicate members): `linked` is {ak id: member phone} of synced rows."""
    wrong = sum(1 for ak_id, phone in linked.items() if expected.get(ak_id) != phone)
    return len(linked), wrong


def pushes_per_user(reader, page_id, since_action_id=0):
    """{ak user id: actions on the import page} counted from one action id on."""
    actions = reader.all("action", page=page_id)
    return Counter(int(a["user"].rstrip("/").rsplit("/", 1)[-1]) for a in actions if int(a["id"]) > since_action_id)


def duplicate_pushes(per_user, edited_users):
    """Edits that reached ActionKit more than once (each edited user was edited once)."""
    return sum(max(per_user.get(ak_id, 0) - 1, 0) for ak_id in edited_users)
