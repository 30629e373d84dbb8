"""Linking a page at a time: each user sees what the users before it did, within and across pages."""
import pytest

from jobs.sync.context import SyncContext
from jobs.sync.users import link_users
from webapp.extensions import db
from webapp.models import AkUser, GroupChange, GroupMembership, Member, SyncEvent


def _user(ak_id, first="Ana"):
    return {"id": ak_id, "email": f"u{ak_id}@example.org", "first_name": first, "last_name": "Diaz",
            "city": "", "state": "", "zip": "", "updated_at": "2024-01-01T00:00:00",
            "fields": {"sms_opt_in": "yes"}}


def _phone(number):
    return [{"id": 1, "type": "mobile", "phone": number}]


@pytest.fixture
def page(app, connected):
    """link_users on plain user dicts, committed like a scan page."""
    ctx = SyncContext.load(connected)

    def run(*users):
        outcomes = link_users(ctx, [u for u, _ in users], {u["id"]: phones for u, phones in users})
        db.session.commit()
        return outcomes
    return run


def _row(ak_id):
    return db.session.scalar(db.select(AkUser).filter_by(ak_id=ak_id))


def _member(phone):
    return db.session.scalar(db.select(Member).filter_by(phone=phone))


def _joins(member):
    memberships = db.session.scalar(db.select(db.func.count()).select_from(GroupMembership)
                                    .filter_by(member_id=member.id))
    changes = db.session.scalar(db.select(db.func.count(GroupChange.id)).filter_by(member_id=member.id))
    return memberships, changes


def test_a_page_mixing_new_and_existing_users(page):
    assert page((_user(10), _phone("212-555-0110")), (_user(11), _phone("212-555-0111"))) == ["created"] * 2
    outcomes = page((_user(11, first="Ann"), _phone("212-555-0111")), (_user(12), _phone("212-555-0112")),
                    (_user(13), _phone("212-555-0110")))
    assert outcomes[1:] == ["created", "duplicate_phone"]
    assert _row(11).member_id == _member("+12125550111").id and _row(12).member_id == _member("+12125550112").id
    assert _row(13).status == "duplicate_phone" and _row(13).member_id is None
    assert "belongs to ActionKit user 10" in _row(13).reason
    assert db.session.scalar(db.select(db.func.count(Member.id))) == 3
    assert all(_joins(_member(p)) == (1, 1) for p in ("+12125550110", "+12125550111", "+12125550112"))


def test_a_lower_id_later_in_the_same_page_takes_the_member_just_created(page):
    assert page((_user(22), _phone("212-555-0122")), (_user(21), _phone("212-555-0122"))) == ["created", "linked"]
    member = _member("+12125550122")
    assert _row(21).status == "synced" and _row(21).member_id == member.id
    assert _row(22).status == "duplicate_phone" and _row(22).member_id is None
    assert _joins(member) == (1, 1)
    events = list(db.session.scalars(db.select(SyncEvent).filter_by(source="creation")))
    assert events and all(event.member_id == member.id and event.ak_user_id == 22 for event in events)


def test_a_lower_id_in_a_later_page_takes_over_the_member(page):
    page((_user(31), _phone("212-555-0131")))
    assert page((_user(30), _phone("212-555-0131"))) == ["linked"]
    member = _member("+12125550131")
    assert (_row(30).status, _row(30).member_id) == ("synced", member.id)
    assert (_row(31).status, _row(31).member_id) == ("duplicate_phone", None)
    assert _joins(member) == (1, 1)


def test_a_member_released_early_in_a_page_is_taken_later_in_it(page):
    page((_user(41), []))  # the older row (lower primary key) of the user who takes the member later
    page((_user(40), _phone("212-555-0140")))
    old = _member("+12125550140")
    assert page((_user(40), _phone("212-555-0141")), (_user(41), _phone("212-555-0140"))) == ["created", "linked"]
    assert _row(40).member_id == _member("+12125550141").id and _row(41).member_id == old.id
    assert _row(41).status == _row(40).status == "synced"
