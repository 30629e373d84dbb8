"""ActionKit takes an action and then answers 500: the push is never sent blindly again, and still lands once."""
from collections import Counter

from tests.sync_jobs.helpers import cycle, edit_member, set_option
from webapp.extensions import db
from webapp.models import AkUser, PushOutbox
from webapp.store.groups import primary_group
from webapp.store.members import create_member
from webapp.store.memberships import add_member_to_group


def _import_actions(raw, connected):
    """{ak user id: number of actions on the import page}."""
    db.session.refresh(connected)
    actions = raw.all("action", page=connected.import_page_id)
    return Counter(int(a["user"].rstrip("/").rsplit("/", 1)[-1]) for a in actions)


def _statuses(member_id):
    return sorted(o.status for o in db.session.scalars(db.select(PushOutbox).filter_by(member_id=member_id)))


def test_an_edit_whose_answer_is_lost_is_posted_once_and_counts_as_sent(app, raw, activated, connected):
    set_option(connected, "first_name", "two_way")
    cycle()
    row = db.session.scalars(db.select(AkUser).filter_by(status="synced").order_by(AkUser.ak_id)).first()
    before = _import_actions(raw, connected)
    edit_member(row.member, first_name="Lostanswer")
    raw.config(fault_mode="lost_write_answer")
    cycle()
    raw.config(fault_mode="")
    after = _import_actions(raw, connected)
    assert after[row.ak_id] - before[row.ak_id] == 1
    assert raw.user(row.ak_id)["first_name"] == "Lostanswer"
    assert _statuses(row.member_id) == ["sent"]


def test_a_create_whose_answer_is_lost_makes_one_user_and_links_it(app, raw, activated, connected):
    connected.create_users = True
    db.session.commit()
    member = create_member({"phone": "+12125550187", "email": "lost.answer@example.org", "first_name": "Nia",
                            "last_name": "Park", "zip": "10001", "subscribed": True, "source": "manual"},
                           {}, actor="staff")
    add_member_to_group(primary_group(), member, "staff@example.org")
    db.session.commit()
    raw.config(fault_mode="lost_write_answer")
    cycle()
    raw.config(fault_mode="")
    users = raw.all("user", email="lost.answer@example.org")
    assert len(users) == 1
    linked = db.session.scalar(db.select(AkUser).filter_by(member_id=member.id))
    assert linked is not None and linked.ak_id == int(users[0]["id"])
    assert _import_actions(raw, connected)[linked.ak_id] == 1
    assert _statuses(member.id) == ["sent"]
