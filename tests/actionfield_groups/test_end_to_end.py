"""ActionField groups over the sandbox's own actions: backfilled by a page sync, then kept current by the cycle."""
import time

from jobs import sync
from jobs.sync.page_sync import request_page_sync
from tests.pages.conftest import post_action
from tests.sync_jobs.conftest import activated, app, connected, raw, run_jobs, sandbox  # noqa: F401
from tests.usergroups.helpers import group_members, linked
from webapp.actionkit.values import id_from_uri
from webapp.extensions import db
from webapp.models import AkPage
from webapp.store import actionfield_groups as store
from webapp.store.integration import get_integration


def _synced(app, name):
    """Sync the page and run its backfill; returns the page row."""
    page = db.session.scalar(db.select(AkPage).filter_by(name=name))
    request_page_sync(page.id)
    db.session.commit()
    run_jobs(app)
    return db.session.scalar(db.select(AkPage).filter_by(name=name))


def _expected(raw, page_ak_ids, field, value=""):
    """Linked members of the users whose sandbox actions on these pages carry the field (value contained)."""
    users = {id_from_uri(a["user"]) for ak_id in page_ak_ids for a in raw.all("action", page=ak_id)
             if str((a.get("fields") or {}).get(field) or "").strip()
             and value.lower() in str(a["fields"][field]).lower()}
    return set(linked(users).values())


def test_groups_hold_exactly_the_members_whose_sandbox_actions_match(app, raw, activated):
    volunteer = _synced(app, "volunteer-signup")
    petition = db.session.scalars(db.select(AkPage).where(AkPage.type.ilike("petition")).order_by(AkPage.id)).first()
    petition = _synced(app, petition.name)
    integration = get_integration()
    assert {"volunteer", "shift", "comment"} <= set(store.seen_field_names(integration))
    cases = [("Morning shift", volunteer, "shift", "MORNING"), ("Any volunteer", volunteer, "volunteer", None),
             ("Commenters", None, "comment", None), ("Said yes anywhere", None, "volunteer", "yes")]
    for name, page, field, value in cases:
        rule = store.create_actionfield_group(integration, name, field, page.id if page else None, value)
        pages = [page.ak_id] if page else [volunteer.ak_id, petition.ak_id]
        expected = _expected(raw, pages, field, value or "")
        assert expected, name
        assert group_members(rule.group_id) == expected, name


def test_a_new_matching_action_adds_its_member_on_the_next_cycle(app, raw, activated):
    app.config["SYNC_SETTLE_SECONDS"] = 1
    volunteer = _synced(app, "volunteer-signup")
    rule = store.create_actionfield_group(get_integration(), "Evening shift", "shift", volunteer.id, "evening")
    db.session.commit()
    before = group_members(rule.group_id)
    everyone = linked(range(1, 301))
    newcomer = next(ak_id for ak_id, member_id in sorted(everyone.items()) if member_id not in before)
    post_action(raw, "volunteer-signup", newcomer, shift="Late EVENING", volunteer="yes")
    time.sleep(1.1)
    sync.run_cycle()
    db.session.expire_all()
    assert group_members(rule.group_id) == before | {everyone[newcomer]}
