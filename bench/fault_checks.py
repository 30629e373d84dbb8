"""What bench/faults.py measures, read straight from the sandbox and the database (no sync code involved).

Defects it counts, each of which must be 0: duplicate members (members created from ActionKit that no
rightful phone owner explains, or a rightful owner linked to a member of another phone), duplicate pushes
(an edit that reached ActionKit more than once) and recognized opt-in values changed in ActionKit.
"""
import time
from collections import Counter

import requests

from tests.sync_jobs.expect import expected_statuses
from webapp.rules import parse_opt_in


class SandboxReader:
    """Plain-requests paging over the sandbox's REST API (budget-free control reads excepted)."""

    def __init__(self, base_url, auth):
        """Keep one session; reads retry on the sandbox's own injected faults and 429s."""
        self.base_url, self.session = base_url, requests.Session()
        self.session.auth = auth

    def get(self, path, **params):
        """GET with patience: the bench's own reads must not fail on the faults it injects."""
        for _ in range(200):
            response = self.session.get(self.base_url + path, params=params, timeout=30)
            if response.status_code == 200:
                return response.json()
            if response.status_code not in (429, 500, 502, 503, 504):
                response.raise_for_status()
            time.sleep(0.5)
        raise RuntimeError(f"sandbox kept failing on {path}")

    def all(self, resource, **params):
        """Every object of a list, by offset."""
        objects, offset = [], 0
        while True:
            data = self.get(f"/rest/v1/{resource}/", _limit=100, _offset=offset, **params)
            objects += data["objects"]
            if not data["meta"]["next"]:
                return objects
            offset += 100

    def reset(self):
        """Empty the sandbox's rate window and zero its counters (its data stays)."""
        self.session.post(self.base_url + "/_sandbox/reset", timeout=10).raise_for_status()

    def config(self, **changes):
        """Change the sandbox's limits and faults at runtime."""
        self.session.patch(self.base_url + "/_sandbox/config", json=changes, timeout=10).raise_for_status()


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
