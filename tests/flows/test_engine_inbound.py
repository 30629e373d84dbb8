"""Inbound texts: answers to running flows (collect info, questions), keywords, the default automation, STOP."""
from jobs.flows import handle_inbound, stop_flows
from tests.flows.conftest import inbound, make_automation, make_flow, outbound
from webapp.extensions import db
from webapp.models import FlowRun, Group, GroupMembership, Member

ZIP_STEP = ("collect", "What's your zip code?", {"target": "zip"})


def _run_of(member):
    """The member's newest flow run."""
    return db.session.scalar(db.select(FlowRun).filter_by(member_id=member.id).order_by(FlowRun.id.desc()))


def _text(member, body):
    """Deliver a text to the engine as the messaging job does, committing like it; returns consumed."""
    consumed = handle_inbound(inbound(member, body).id)
    db.session.commit()
    return consumed


def test_a_keyword_starts_its_flow(member):
    flow = make_flow("Join", ("message", "Welcome {{first_name}}!", {}))
    make_automation(flow, trigger="keyword", keyword="JOIN")
    ann = member(first_name="Ann")
    assert _text(ann, "  join ") is True
    assert outbound(ann) == ["Welcome Ann!"]
    assert _text(ann, "something else") is False  # no default automation: left for staff


def test_the_default_automation_answers_texts_that_match_nothing(member):
    make_automation(make_flow("Hello", ("message", "Hi! Text JOIN to join.", {})), trigger="default")
    bob = member()
    assert _text(bob, "what is this?") is True
    assert outbound(bob) == ["Hi! Text JOIN to join."]


def test_new_audience_keyword_only_for_members_the_text_created(member):
    make_automation(make_flow("New", ("message", "Welcome, newcomer", {})), trigger="keyword", keyword="HI",
                    audience="new")
    known, newcomer = member(source="manual"), member(source="sms")
    assert _text(known, "hi") is False
    assert _text(newcomer, "hi") is True


def test_collect_info_saves_a_valid_zip_and_reasks_once_on_an_invalid_one(member):
    make_automation(make_flow("Zip", ("message", "Hi!", {}), ZIP_STEP, ("message", "Thanks, got it.", {})),
                    trigger="keyword", keyword="ZIP")
    ann = member()
    _text(ann, "zip")
    assert outbound(ann) == ["Hi!", "What's your zip code?"]
    assert _text(ann, "1220") is True
    assert outbound(ann)[-1] == "Enter a 5-digit zip code (ZIP+4 is fine too). What's your zip code?"
    assert db.session.get(Member, ann.id).zip is None
    assert _text(ann, "12207-1234") is True
    ann = db.session.get(Member, ann.id)
    assert (ann.zip, ann.state) == ("12207", "NY")
    assert outbound(ann)[-1] == "Thanks, got it."
    assert _run_of(ann).status == "done"


def test_collect_info_second_invalid_reply_goes_to_staff(member):
    make_automation(make_flow("Zip", ZIP_STEP), trigger="keyword", keyword="ZIP")
    ann = member()
    _text(ann, "zip")
    assert _text(ann, "nope") is True
    assert _text(ann, "still nope") is False
    assert _run_of(ann).status == "needs_response"
    assert len(outbound(ann)) == 2  # the prompt and one re-ask, nothing more


def _question_flow(group, follow_up=None):
    """Ask to volunteer: Yes adds to the group (and may continue with another flow), No sets nothing."""
    answers = [{"label": "Yes", "group_id": group.id, "flow_id": follow_up.id if follow_up else None},
               {"label": "No"}]
    return make_flow("Volunteer", ("question", "Will you volunteer? Reply YES or NO",
                                   {"style": "yes_no", "answers": answers,
                                    "invalid_message": "Please answer YES or NO."}),
                     ("message", "Thanks either way.", {}))


def test_a_question_answer_adds_to_the_group(member, make_group):
    volunteers = make_group("Volunteers")
    make_automation(_question_flow(volunteers), trigger="keyword", keyword="HELPOUT")
    ann = member()
    _text(ann, "helpout")
    assert _text(ann, "yep!") is True
    assert db.session.get(GroupMembership, (volunteers.id, ann.id)) is not None
    assert outbound(ann)[-1] == "Thanks either way."


def test_an_answer_can_continue_with_another_flow_and_set_a_field(member, make_group, make_field):
    shirt = make_field("Shirt size")
    follow = make_flow("Shirt", ("question", "Shirt size? 1) S 2) L",
                                 {"answers": [{"label": "S", "field_id": shirt.id, "value": "S"},
                                              {"label": "L", "field_id": shirt.id, "value": "L"}]}))
    make_automation(_question_flow(make_group("Volunteers"), follow_up=follow), trigger="keyword", keyword="GO")
    ann = member()
    _text(ann, "go")
    _text(ann, "yes")
    assert outbound(ann)[-1] == "Shirt size? 1) S 2) L"
    _text(ann, "2")
    values = {value.field_id: value.value for value in db.session.get(Member, ann.id).field_values}
    assert values == {shirt.id: "L"}
    assert "Thanks either way." not in outbound(ann)  # continuing replaced the rest of the first flow


def test_a_second_invalid_answer_lands_as_needs_response(member, make_group):
    volunteers = make_group("Volunteers")
    make_automation(_question_flow(volunteers), trigger="keyword", keyword="HELPOUT")
    ann = member()
    _text(ann, "helpout")
    assert _text(ann, "maybe") is True
    assert outbound(ann)[-1] == "Please answer YES or NO."
    assert _text(ann, "perhaps") is False
    assert _run_of(ann).status == "needs_response"
    assert db.session.scalar(db.select(db.func.count()).select_from(GroupMembership)) == 0
    assert _text(ann, "yes") is False  # the flow is over: a person answers now


def test_stop_flows_ends_running_flows(member, make_group):
    make_automation(_question_flow(make_group("Volunteers")), trigger="keyword", keyword="HELPOUT")
    ann = member()
    _text(ann, "helpout")
    assert stop_flows(ann.id) == 1
    db.session.commit()
    assert _run_of(ann).status == "stopped"
    assert _text(ann, "yes") is False
    assert db.session.scalar(db.select(db.func.count()).select_from(Group)) == 1


def test_a_deleted_custom_field_never_gets_an_orphan_value(member, make_field):
    from webapp.models import CustomField, MemberFieldValue
    shirt = make_field("Shirt")
    make_automation(make_flow("Shirt", ("collect", "Size?", {"target": "custom", "field_id": shirt.id})),
                    trigger="keyword", keyword="SHIRT")
    ann = member()
    _text(ann, "shirt")
    db.session.delete(db.session.get(CustomField, shirt.id))
    db.session.commit()
    assert _text(ann, "XL") is False  # left for a person, not saved into a field that no longer exists
    assert db.session.scalar(db.select(db.func.count()).select_from(MemberFieldValue)) == 0
    assert _run_of(ann).status == "needs_response"
