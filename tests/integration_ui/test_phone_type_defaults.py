"""Phone types left blank mean the defaults (mobile, work, home): saved, shown and accepted everywhere."""
from jobs import sync
from tests.integration_ui.test_cli import run
from webapp.extensions import db
from webapp.models import Integration
from webapp.store.integration_settings import parse_phone_types

NONE_CHOSEN = "none chosen: mobile, work, home"


def test_parse_phone_types_takes_nothing_as_none_chosen():
    assert parse_phone_types("") == [] and parse_phone_types([]) == [] and parse_phone_types(" , ") == []


def test_settings_form_saves_none_chosen_and_says_which_types_apply(auth_client, connected):
    data = {"opt_in_field": "sms_opt_in", "phone_1": "", "phone_2": "", "phone_3": ""}
    response = auth_client.post("/actionkit/settings", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    integration = db.session.get(Integration, connected.id)
    assert integration.phone_types == "" and integration.opt_in_field == "sms_opt_in"
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert f'id="phone-types-applied">Phone types that apply: {NONE_CHOSEN}' in body
    assert 'id="activation-problems"' not in body  # nothing blocks activation: the defaults apply


def test_settings_page_names_the_chosen_types(auth_client, connected):
    auth_client.post("/actionkit/settings", data={"opt_in_field": "sms_opt_in", "phone_1": "work",
                                                  "phone_2": "", "phone_3": "home"})
    body = auth_client.get("/actionkit/settings").get_data(as_text=True)
    assert 'id="phone-types-applied">Phone types that apply: work, home<' in body


def test_activation_problems_do_not_ask_for_a_phone_type(app, connected):
    connected.phone_types = ""
    connected.opt_in_field = "sms_opt_in"
    db.session.commit()
    assert sync.activation_problems(connected) == []


def test_cli_settings_accepts_no_phone_types(runner, connected):
    result = run(runner, "settings", "--phone-types", "")
    assert result.exit_code == 0, result.output
    assert "phone types: none chosen: mobile,work,home" in result.output
    assert db.session.get(Integration, connected.id).phone_types == ""
