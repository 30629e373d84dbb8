"""Settings: the Preview button queues a job, the page shows its figures, and turning on confirms rewrites first."""
import re

from tests.integration_ui.test_settings import _save
from webapp.extensions import db
from webapp.models import Integration, SyncRun
from webapp.queues import get_queue

HX = {"HX-Request": "true"}


def run_jobs(app):
    from jobs.runner import run_queued_jobs
    run_queued_jobs(app)
    db.session.expire_all()


def queued_functions():
    return [job.func_name for job in get_queue().get_jobs()]


def table_counts():
    return {table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def preview_run():
    return db.session.scalar(db.select(SyncRun).filter_by(kind="preview"))


def test_preview_button_queues_one_job_that_keeps_only_its_result(app, auth_client, connected):
    _save(auth_client)
    before = table_counts()
    page = auth_client.post("/actionkit/preview", follow_redirects=True).get_data(as_text=True)
    assert "Preparing the preview…" in page and 'id="preview-preparing"' in page
    auth_client.post("/actionkit/preview")
    assert queued_functions() == ["jobs.sync.preview_runs.run_preview"]  # asking twice queues one job
    polling = auth_client.get("/actionkit/preview", headers=HX).get_data(as_text=True)
    assert "<html" not in polling and 'hx-trigger="load delay:1s"' in polling
    run_jobs(app)
    after = table_counts()
    assert after.pop("sync_run") == before.pop("sync_run") + 1 and after == before
    run = preview_run()
    assert run.status == "done" and run.records_spent > 0
    fragment = auth_client.get("/actionkit/preview", headers=HX).get_data(as_text=True)
    assert "hx-trigger" not in fragment
    figures = run.counts["preview"]
    assert f'id="preview-would-sync">{figures["would_sync"]}<' in fragment
    assert f'id="preview-rewrites">{figures["rewrites_total"]}<' in fragment
    status = auth_client.get("/actionkit/status", headers=HX).get_data(as_text=True)
    assert "Preview run" not in status  # a preview is never "the last sync run"


def test_turning_on_prepares_a_preview_then_asks_to_confirm_the_rewrites(app, auth_client, connected):
    _save(auth_client)
    page = auth_client.post("/actionkit/activate", follow_redirects=True).get_data(as_text=True)
    assert "Preparing the preview…" in page and "Sync Accounts is on" not in page
    assert not db.session.get(Integration, connected.id).sync_enabled
    assert queued_functions() == ["jobs.sync.preview_runs.run_preview"]
    run_jobs(app)
    run = preview_run()
    rewrites = run.counts["preview"]["rewrites_total"]
    assert rewrites > 0
    settings = auth_client.get("/actionkit/settings").get_data(as_text=True)
    label = f"I have seen the preview: {rewrites} ActionKit values will be rewritten"
    assert label in settings and f'name="confirm_preview" value="{run.id}"' in settings
    refused = auth_client.post("/actionkit/activate", follow_redirects=True).get_data(as_text=True)
    assert "Sync Accounts was not turned on" in refused and "I have seen the preview" in refused
    stale = auth_client.post("/actionkit/activate", data={"confirm_preview": str(run.id + 1)})
    assert stale.status_code == 302
    db.session.expire_all()
    assert not db.session.get(Integration, connected.id).sync_enabled
    assert db.session.scalar(db.select(SyncRun).filter_by(kind="activation")) is None
    done = auth_client.post("/actionkit/activate", data={"confirm_preview": str(run.id)}, follow_redirects=True)
    assert "Sync Accounts is on" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Integration, connected.id).sync_enabled
    assert db.session.scalar(db.select(SyncRun).filter_by(kind="activation")).status == "queued"


def test_changed_settings_make_the_preview_stale(app, auth_client, connected):
    _save(auth_client)
    auth_client.post("/actionkit/preview")
    run_jobs(app)
    _save(auth_client, opt_in_field="favorite_issue")
    settings = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert 'id="preview-stale"' in settings and "confirm_preview" not in settings
    page = auth_client.post("/actionkit/activate", data={"confirm_preview": str(preview_run().id)},
                            follow_redirects=True).get_data(as_text=True)
    assert "Preparing the preview…" in page
    assert not db.session.get(Integration, connected.id).sync_enabled
    run_jobs(app)
    newest = db.session.scalars(db.select(SyncRun).filter_by(kind="preview").order_by(SyncRun.id.desc())).first()
    fragment = auth_client.get("/actionkit/preview", headers=HX).get_data(as_text=True)
    assert "Is this the right field?" in fragment and "favorite_issue" in fragment
    assert f'value="{newest.id}"' in fragment


def test_a_preview_without_rewrites_turns_on_without_the_question(app, auth_client, connected):
    _save(auth_client, phone_1="work", phone_2="", phone_3="")  # no work phone here holds an unreadable opt-in
    auth_client.post("/actionkit/preview")
    run_jobs(app)
    assert preview_run().counts["preview"]["rewrites_total"] == 0
    settings = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert "confirm_preview" not in settings and re.search(r'id="preview-rewrites">0<', settings)
    done = auth_client.post("/actionkit/activate", follow_redirects=True)
    assert "Sync Accounts is on" in done.get_data(as_text=True)


def test_a_failed_preview_says_why(app, auth_client, connected):
    _save(auth_client)
    connected.password_encrypted = None  # e.g. deactivated between the click and the job
    db.session.commit()
    from jobs import sync
    sync.request_preview(connected.id)
    run_jobs(app)
    assert preview_run().status == "failed"
    fragment = auth_client.get("/actionkit/preview", headers=HX).get_data(as_text=True)
    assert 'id="preview-failed"' in fragment and "Connect an ActionKit instance first." in fragment
