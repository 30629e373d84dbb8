"""The store is the single write path: change dicts, flush-only, and clean deletes."""
from webapp.extensions import db
from webapp.models import AkUser, Integration, Member, PushOutbox, SyncEvent
from webapp.store.members import create_member, custom_key, delete_member, update_member


def test_update_returns_only_real_changes(app, make_member, make_field):
    field = make_field("Team")
    member = make_member(first_name="Ada", email=None, zip="94103", custom={field: "Red"})
    changes = update_member(member, {"first_name": "Ada", "email": "", "zip": "10001", "state": "NY"},
                            {field.id: "Blue"}, actor="staff")
    assert changes == {"zip": ("94103", "10001"), "state": (None, "NY"), custom_key(field.id): ("Red", "Blue")}
    assert member.email is None  # blank stays blank: "" never replaces NULL


def test_update_without_changes_is_empty_and_keeps_updated_at(app, make_member):
    member = make_member(first_name="Ada", subscribed=False)
    stamp = member.updated_at
    assert update_member(member, {"first_name": " Ada ", "subscribed": False}, {}, actor="staff") == {}
    assert member.updated_at == stamp


def test_clearing_a_custom_value_deletes_its_row(app, make_member, make_field):
    field = make_field("Team")
    member = make_member(custom={field: "Red"})
    assert update_member(member, {}, {field.id: "  "}, actor="staff") == {custom_key(field.id): ("Red", "")}
    assert member.field_values == []


def test_store_flushes_but_the_caller_commits(app, make_field):
    field = make_field("Team")
    member = create_member({"phone": "+14155552671", "first_name": "Ada"}, {field.id: "Red"}, actor="staff")
    assert member.id is not None
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Member)) == 0


def test_delete_detaches_sync_rows(app, make_member):
    member = make_member()
    integration = Integration(hostname="http://ak.test")
    db.session.add(integration)
    db.session.flush()
    db.session.add_all([AkUser(integration_id=integration.id, ak_id=7, status="synced", member_id=member.id),
                        SyncEvent(direction="to_member", member_id=member.id, field="zip"),
                        PushOutbox(member_id=member.id, changes={"zip": "10001"})])
    db.session.commit()
    delete_member(member, actor="staff")
    db.session.commit()
    assert db.session.scalar(db.select(AkUser.member_id)) is None
    assert db.session.scalar(db.select(SyncEvent.member_id)) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(PushOutbox)) == 0
