"""The Flows and Automations pages: list, editor, step forms (merge tags checked), preview, guarded delete."""
import html

from tests.flows.conftest import make_automation, make_flow
from webapp.extensions import db
from webapp.models import Automation, Flow, FlowStep

HX = {"HX-Request": "true"}


def text(response):
    """The body with entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def test_pages_need_login(client):
    for url in ("/flows/", "/automations/", "/flows/new", "/automations/new"):
        assert client.get(url).status_code == 302


def test_create_a_flow_and_add_steps(auth_client):
    response = auth_client.post("/flows/new", data={"name": "Welcome"})
    assert response.status_code == 303
    flow = db.session.scalar(db.select(Flow))
    assert response.headers["Location"].endswith(f"/flows/{flow.id}")
    assert auth_client.post("/flows/new", data={"name": " welcome "}, headers=HX).status_code == 200  # taken
    bad = auth_client.post(f"/flows/{flow.id}/steps/new/message", data={"body": "Hi {{ frist_name }}"})
    assert bad.status_code == 400 and "Unknown merge tag {{frist_name}}" in text(bad)
    escape = auth_client.post(f"/flows/{flow.id}/steps/new/message", data={"body": "{{ ''.__class__ }}"})
    assert escape.status_code == 400
    ok = auth_client.post(f"/flows/{flow.id}/steps/new/message", data={"body": "Hi {{first_name}} re {{page.title}}"})
    assert ok.status_code == 303
    delay = auth_client.post(f"/flows/{flow.id}/steps/new/delay", data={"days": "8"})
    assert delay.status_code == 400 and "7" in text(delay)
    assert auth_client.post(f"/flows/{flow.id}/steps/new/delay", data={"days": "1", "hours": "2"}).status_code == 303
    steps = db.session.scalars(db.select(FlowStep).order_by(FlowStep.position)).all()
    assert [(s.kind, s.config) for s in steps] == [("message", {}), ("delay", {"minutes": 1560})]
    page = text(auth_client.get(f"/flows/{flow.id}"))
    assert "Hi {{first_name}} re {{page.title}}" in page and "Waits 1 day 2 h" in page
    assert auth_client.get(f"/flows/{flow.id}/steps/new/bogus").status_code == 303


def test_question_step_answers(auth_client, make_group):
    group = make_group("Volunteers")
    flow = make_flow("Ask")
    url = f"/flows/{flow.id}/steps/new/question"
    form = auth_client.get(url)
    assert form.status_code == 200 and 'value="Yes"' in text(form)
    one = auth_client.post(url, data={"body": "Volunteer?", "style": "yes_no", "answer-0-label": "Yes"})
    assert one.status_code == 400 and "at least two answers" in text(one)
    hostile = auth_client.post(url, data={"body": "Volunteer?", "style": "yes_no", "answer-0-label": "Yes",
                                          "answer-0-group": "99999", "answer-1-label": "No"})
    assert hostile.status_code == 400 and "choose a listed group" in text(hostile)
    good = auth_client.post(url, data={"body": "Volunteer?", "style": "yes_no", "answer-0-label": "Yes",
                                       "answer-0-group": str(group.id), "answer-1-label": "No",
                                       "invalid_message": "Reply YES or NO."})
    assert good.status_code == 303
    step = db.session.scalar(db.select(FlowStep))
    assert step.config["answers"][0]["group_id"] == group.id and step.config["invalid_message"] == "Reply YES or NO."
    assert auth_client.get(f"/flows/{flow.id}/steps/{step.id}").status_code == 200


def test_collect_step_targets_custom_fields(auth_client, make_field):
    shirt = make_field("Shirt size")
    flow = make_flow("Collect")
    response = auth_client.post(f"/flows/{flow.id}/steps/new/collect",
                                data={"body": "Your shirt size?", "target": f"custom:{shirt.id}"})
    assert response.status_code == 303
    assert db.session.scalar(db.select(FlowStep)).config["field_id"] == shirt.id
    bad = auth_client.post(f"/flows/{flow.id}/steps/new/collect", data={"body": "x", "target": "phone"})
    assert bad.status_code == 400


def test_preview_renders_with_a_real_member_and_action(auth_client, page, member, action):
    ann = member(first_name="Ann", email="ann@example.org")
    action(ann, fields={"shirt": "XL"})
    flow = make_flow("P", ("message", "Hi {{first_name}}: {{page.title}} / {{action.shirt}}", {}))
    url = f"/flows/{flow.id}/steps/{flow.steps[0].id}/preview"
    response = auth_client.post(url, data={"who": "ann@example.org"}, headers=HX)
    assert "Hi Ann: Save the Bees / XL" in text(response)
    missing = auth_client.post(url, data={"who": "nobody@example.org"})
    assert missing.status_code == 400 and "No member has the email" in text(missing)


def test_flow_used_by_an_automation_cannot_be_deleted(auth_client):
    flow = make_flow("Welcome", ("message", "Hi", {}))
    make_automation(flow, name="Bee welcome", trigger="keyword", keyword="BEES")
    response = auth_client.post(f"/flows/{flow.id}/delete", headers=HX)
    assert "Can't delete the flow “Welcome”" in text(response) and "“Bee welcome”" in text(response)
    assert db.session.get(Flow, flow.id) is not None
    copy = auth_client.post(f"/flows/{flow.id}/duplicate", headers=HX)
    assert "Copy of Welcome" in text(copy)
    duplicate = db.session.scalar(db.select(Flow).filter_by(name="Copy of Welcome"))
    assert [step.body for step in duplicate.steps] == ["Hi"]
    assert "Deleted the flow" in text(auth_client.post(f"/flows/{duplicate.id}/delete", headers=HX))
    listing = text(auth_client.get("/flows/"))
    assert "Welcome" in listing and "Bee welcome" in listing


def test_automations_create_toggle_and_rules(auth_client, page):
    flow = make_flow("Welcome", ("message", "Hi", {}))
    base = {"name": "Bees", "trigger": "page_action", "audience": "any", "flow_id": str(flow.id), "enabled": "y"}
    missing_page = auth_client.post("/automations/new", data=base)
    assert missing_page.status_code == 400 and "Choose the ActionKit page" in text(missing_page)
    assert auth_client.post("/automations/new", data=dict(base, page_id=str(page.id), field="host")).status_code == 303
    reserved = auth_client.post("/automations/new", data=dict(base, name="Stop", trigger="keyword", keyword="stop"))
    assert reserved.status_code == 400 and "consent" in text(reserved)
    assert auth_client.post("/automations/new", data=dict(base, name="Join", trigger="keyword",
                                                          keyword="join")).status_code == 303
    assert auth_client.post("/automations/new", data=dict(base, name="Fallback", trigger="default")).status_code == 303
    second = auth_client.post("/automations/new", data=dict(base, name="Fallback 2", trigger="default"))
    assert second.status_code == 400 and "already the default" in text(second)
    rows = {a.name: a for a in db.session.scalars(db.select(Automation))}
    assert (rows["Bees"].page_id, rows["Bees"].field, rows["Join"].keyword) == (page.id, "host", "JOIN")
    assert "is disabled" in text(auth_client.post(f"/automations/{rows['Join'].id}/toggle", headers=HX))
    listing = text(auth_client.get("/automations/"))
    assert "Save the Bees" in listing and "Disabled" in listing and "JOIN" in listing


def test_hostile_input_gets_clear_errors_never_a_500(auth_client, page):
    flow = make_flow("Welcome", ("message", "Hi", {}), ("message", "Bye", {}))
    first = flow.steps[0]
    hostile = {"name": "X\x00", "trigger": "nonsense", "page_id": "abc", "flow_id": "'; drop table flow;--",
               "audience": "all", "keyword": "x" * 500}
    response = auth_client.post("/automations/new", data=hostile)
    assert response.status_code == 400 and "control character" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Automation)) == 0
    assert auth_client.post(f"/flows/{flow.id}/steps/{first.id}/move/sideways").status_code == 404
    assert auth_client.post(f"/flows/{flow.id}/steps/{first.id}/move/up", headers=HX).status_code == 200
    assert auth_client.post(f"/flows/{flow.id}/steps/99999/delete").status_code == 404
    assert auth_client.get("/flows/99999").status_code == 404 and auth_client.get("/automations/99999").status_code == 404
    long_body = auth_client.post(f"/flows/{flow.id}/steps/{first.id}", data={"body": "x" * 1601})
    assert long_body.status_code == 400
    delay = auth_client.post(f"/flows/{flow.id}/steps/new/delay", data={"days": "seven", "minutes": "-5"})
    assert delay.status_code == 400
    nul = auth_client.post(f"/flows/{flow.id}/steps/{first.id}", data={"body": "Hi\x00"})
    assert nul.status_code == 400 and "control character" in text(nul)
    assert [step.body for step in db.session.get(Flow, flow.id).steps] == ["Hi", "Bye"]


def test_the_editor_counts_members_by_where_they_are(auth_client, member):
    from jobs.flows import handle_inbound
    from tests.flows.conftest import inbound
    flow = make_flow("Zip", ("collect", "Zip?", {"target": "zip"}))
    make_automation(flow, trigger="keyword", keyword="ZIP")
    for body in ("zip", "zip"):
        handle_inbound(inbound(member(), body).id)
    db.session.commit()
    page = " ".join(text(auth_client.get(f"/flows/{flow.id}")).split())
    assert "Members in this flow: 0 running · 2 waiting · 0 finished" in page
