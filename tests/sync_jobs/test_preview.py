"""The preview (dry run) against a live seeded sandbox: writes nothing, and a whole-list preview is the activation."""
from collections import Counter

import pytest

from jobs import sync
from tests.sync_jobs.conftest import SEED_USERS, run_jobs
from tests.sync_jobs.expect import expected_statuses, owners_with_chosen_phone
from webapp.extensions import db
from webapp.models import FieldMapping, Member, PushOutbox, SyncRun

WRITES = ("POST", "PATCH", "PUT", "DELETE")


def table_counts():
    """Rows in every table of the schema."""
    return {table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def ak_writes(raw):
    """Requests that could have changed ActionKit, from the sandbox's own counters."""
    return {key: n for key, n in raw.stats()["by_endpoint"].items() if key.split(" ", 1)[0] in WRITES}


def existing_members(raw, how_many=4):
    """Members already holding the phones of a few users that will sync, with values that differ from ActionKit."""
    synced = [(ak_id, e164) for ak_id, (status, e164) in sorted(expected_statuses(raw).items()) if status == "synced"]
    members = []
    for index, (ak_id, e164) in enumerate(synced[:how_many]):
        member = Member(phone=e164, first_name=f"Kept{index}", city="Nowhere", subscribed=index % 2 == 0,
                        source="manual")
        db.session.add(member)
        members.append(member)
    db.session.commit()
    return members


def test_preview_writes_nothing_to_the_database_or_actionkit(app, raw, connected):
    members = existing_members(raw)
    users_before = {user["id"]: user for user in raw.all("user")}
    tables_before, writes_before = table_counts(), ak_writes(raw)
    member_values = [(m.id, m.first_name, m.city, m.subscribed) for m in members]
    preview = sync.preview_when_idle(connected, sample=120)
    assert preview["sampled"] == 120 and not preview["whole_list"]
    assert preview["would_sync"] > 0 and preview["rewrites_total"] > 0 and preview["members_linked"] > 0
    db.session.expire_all()
    assert table_counts() == tables_before
    assert [(m.id, m.first_name, m.city, m.subscribed) for m in db.session.scalars(
        db.select(Member).order_by(Member.id))] == member_values
    assert ak_writes(raw) == writes_before
    assert {user["id"]: user for user in raw.all("user")} == users_before
    assert preview["records_spent"] > 0


def outbox_per_field(opt_in_field):
    """ActionKit values the activation's pushes wrote, per ActionKit field (read from the outbox rows)."""
    fields = dict(db.session.execute(db.select(FieldMapping.member_field, FieldMapping.ak_field)).all())
    counts = Counter()
    for row in db.session.scalars(db.select(PushOutbox)):
        for key in row.changes:
            counts[opt_in_field if key == "subscribed" else fields[key]] += 1
    return dict(counts)


def test_whole_list_preview_is_what_activation_then_does(app, raw, connected):
    existing_members(raw)
    preview = sync.preview_when_idle(connected, sample=sync.SAMPLE_MAX)
    assert preview["whole_list"] and preview["sampled"] == owners_with_chosen_phone(raw)
    assert preview["total_users"] == SEED_USERS
    run_id = sync.activate(connected.id)
    db.session.commit()
    run_jobs(app)
    run = db.session.get(SyncRun, run_id)
    assert run.status == "done", run.error
    by_status = sync.status_summary()["users"]["by_status"]
    assert preview["would_sync"] == by_status["synced"]
    assert preview["skipped"] == {status: n for status, n in by_status.items() if status != "synced" and n}
    assert preview["members_created"] == run.counts["created"] > 0
    assert preview["members_linked"] == run.counts["linked"] == 4
    assert preview["rewrites"] == outbox_per_field("sms_opt_in")
    assert preview["rewrites_total"] > 0


def test_preview_examples_show_before_and_after(app, raw, connected):
    preview = sync.preview_when_idle(connected, sample=200)
    examples = preview["examples"]["sms_opt_in"]
    assert examples and len(examples) <= 3
    for example in examples:
        assert example["after"] in ("true", "false")
        assert raw.user(example["ak_user_id"])["fields"].get("sms_opt_in", "") == example["before"]
    assert preview["warnings"] == []  # the real opt-in field reads as true/false


def test_a_field_of_issue_names_gets_the_right_field_warning(app, raw, connected):
    connected.opt_in_field = "favorite_issue"
    db.session.commit()
    preview = sync.preview_when_idle(connected, sample=200)
    assert len(preview["warnings"]) == 1
    warning = preview["warnings"][0]
    assert "favorite_issue" in warning and "Is this the right field?" in warning
    values = preview["opt_in_values"]
    assert values["unrecognized"] > values["true"] + values["false"]
    assert preview["rewrites"]["favorite_issue"] > 0
    example = preview["examples"]["favorite_issue"][0]
    assert example["before"] == raw.user(example["ak_user_id"])["fields"]["favorite_issue"]
    assert example["after"] == "false"


def test_a_sample_out_of_range_is_refused(app, connected):
    with pytest.raises(sync.PreviewError, match="between 1 and"):
        sync.preview_when_idle(connected, sample=0)


def test_a_preview_while_a_sync_run_holds_the_lock_says_so(app, connected):
    from jobs.locks import cycle_lock
    from jobs.sync.jobqueue import LOCK_NAME
    with cycle_lock(LOCK_NAME) as lock:
        assert lock is not None
        with pytest.raises(sync.PreviewError, match="sync run is in progress"):
            sync.preview_when_idle(connected, sample=10, wait=0)


def test_preview_after_activation_finds_nothing_more_to_write(app, raw, activated):
    integration = db.session.scalar(db.select(SyncRun)).integration_id
    from webapp.models import Integration
    tables_before = table_counts()
    preview = sync.preview_when_idle(db.session.get(Integration, integration), sample=sync.SAMPLE_MAX)
    assert preview["rewrites_total"] == 0 and preview["members_created"] == 0
    assert preview["would_sync"] == preview["members_linked"] == sync.status_summary()["users"]["synced"]
    db.session.expire_all()
    assert table_counts() == tables_before


def test_a_record_the_database_refuses_is_counted_as_an_error_and_the_rest_still_preview(app, raw, connected):
    """On PostgreSQL a 300-character last name does not fit its column: the preview counts that user as an error."""
    owners = sorted(ak_id for ak_id, (status, _) in expected_statuses(raw).items() if status == "synced")
    bad = owners[3]
    raw.patch_user(bad, {"last_name": "L" * 300})
    tables_before = table_counts()
    preview = sync.preview_when_idle(connected, sample=sync.SAMPLE_MAX)
    clean = preview["would_sync"] + preview["skipped"].get("error", 0)
    assert clean == sum(1 for status, _ in expected_statuses(raw).values() if status == "synced")
    if db.engine.dialect.name == "postgresql":
        assert preview["skipped"]["error"] == 1 and list(preview["refused"]) == [str(bad)]
        assert "too long" in preview["refused"][str(bad)]
    else:  # SQLite does not enforce lengths: the value is simply stored
        assert "error" not in preview["skipped"]
    db.session.expire_all()
    assert table_counts() == tables_before
