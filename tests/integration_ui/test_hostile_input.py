"""The ActionKit area against hostile input: control characters, odd pages, formula cells, off-site next."""
import csv
import io

import pytest

from tests.integration_ui.conftest import add_ak_user
from tests.security.sweep import ODD_VALUES, get_routes_failing, post_routes_failing
from webapp.extensions import db
from webapp.models import FieldMapping, Integration

NUL = "\x00"
FIELD_ERROR = "Remove the control character"


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_get_route_answers_500_when_connected(app, auth_client, connected, value):
    add_ak_user(connected, 101, "error", email="ann@example.org")
    db.session.commit()
    assert get_routes_failing(app, auth_client, value) == []


@pytest.mark.parametrize("page", ["²", "٣", "-3", "0", str(2**70), "99999999999999999999999"])
def test_odd_page_numbers_on_the_users_tab_show_a_page(auth_client, connected, page):
    add_ak_user(connected, 101, "synced", email="ann@example.org")
    db.session.commit()
    for url in ("/actionkit/users", "/actionkit/users.csv"):
        assert auth_client.get(url, query_string={"page": page}).status_code == 200


def test_settings_form_refuses_control_characters(auth_client, connected):
    response = auth_client.post("/actionkit/settings", data={
        "opt_in_field": "sms_opt_in" + NUL, "phone_1": "mobile", "phone_2": "", "phone_3": ""})
    assert response.status_code == 200 and FIELD_ERROR in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Integration, connected.id).opt_in_field != "sms_opt_in" + NUL


def test_add_field_form_refuses_control_characters(auth_client, connected, custom_field):
    response = auth_client.post("/actionkit/fields/new", data={
        "custom_field": custom_field.id, "userfield": "favorite_issue" + NUL, "option": "two_way"})
    assert response.status_code == 400 and FIELD_ERROR in response.get_data(as_text=True)
    assert db.session.scalar(db.select(FieldMapping).filter_by(custom_field_id=custom_field.id)) is None


def test_users_csv_neutralises_formulas_tab_and_carriage_return(auth_client, connected):
    add_ak_user(connected, 101, "synced", email="a@example.org", first_name="=HYPERLINK(\"http://x\")",
                last_name="\t=1+1", phone_e164="+15555550101", reason="\r=cmd")
    db.session.commit()
    row = next(csv.DictReader(io.StringIO(auth_client.get("/actionkit/users.csv").get_data(as_text=True))))
    assert row["first_name"] == "'=HYPERLINK(\"http://x\")"
    assert row["last_name"] == "'\t=1+1" and row["reason"] == "'\r=cmd"
    assert row["phone_e164"] == "+15555550101"  # a phone number stays a number


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "/%09/evil.example",
                                    "https://evil.example/", "/\t/evil.example"])
def test_retry_never_redirects_off_site(auth_client, connected, monkeypatch, target):
    from jobs import sync
    monkeypatch.setattr(sync, "retry_user", lambda user_id: None)
    user = add_ak_user(connected, 104, "error", email="dee@example.org")
    db.session.commit()
    response = auth_client.post(f"/actionkit/users/{user.id}/retry", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/actionkit/users/{user.id}"


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_post_route_answers_500_when_connected(app, auth_client, connected, custom_field, value):
    user = add_ak_user(connected, 101, "error", email="ann@example.org")
    db.session.commit()
    ids = {str(user.id), str(custom_field.id)} | {str(m.id) for m in db.session.scalars(db.select(FieldMapping))}
    assert post_routes_failing(app, auth_client, value, ids) == []


@pytest.mark.parametrize("field_id", [str(2**70), "99999999999999999999999", "-1"])
def test_add_field_with_an_impossible_custom_field_id_is_a_field_error(app, auth_client, connected, field_id):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = auth_client.post("/actionkit/fields/new", data={
        "custom_field": field_id, "userfield": "favorite_issue", "option": "two_way"})
    assert response.status_code == 400 and "Choose a member custom field" in response.get_data(as_text=True)
