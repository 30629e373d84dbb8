"""Fields tab: core mappings shown, custom mappings added/changed/removed, email limited to two options."""
from webapp.extensions import db
from webapp.models import FieldMapping

HX = {"HX-Request": "true"}


def _mapping(field_name):
    return db.session.scalar(db.select(FieldMapping).filter_by(member_field=field_name))


def test_fields_tab_lists_core_mappings_with_labels(auth_client, connected):
    body = auth_client.get("/actionkit/fields").get_data(as_text=True)
    for label in ("First name", "Last name", "Email", "City", "State", "Zip"):
        assert label in body
    assert "Populate, no overwrite" in body and "+ Add field" in body
    assert 'aria-haspopup="menu"' in body  # ellipsis menu per row


def test_add_custom_mapping_from_allowed_userfields(auth_client, connected, custom_field):
    dialog = auth_client.get("/actionkit/fields/new", headers=HX).get_data(as_text=True)
    assert "<dialog" in dialog and "<html" not in dialog
    assert "sms_opt_in" in dialog and "favorite_issue" in dialog and "Favorite issue" in dialog
    response = auth_client.post("/actionkit/fields/new", headers=HX, data={
        "custom_field": custom_field.id, "userfield": "favorite_issue", "option": "two_way"})
    assert response.status_code == 204
    assert "mappings-changed" in response.headers["HX-Trigger"]
    mapping = db.session.scalar(db.select(FieldMapping).filter_by(custom_field_id=custom_field.id))
    assert (mapping.ak_field, mapping.is_userfield, mapping.option) == ("favorite_issue", True, "two_way")
    table = auth_client.get("/actionkit/fields", headers=HX).get_data(as_text=True)
    assert "Favorite issue" in table and "Two-way, overwrite both" in table


def test_add_refuses_unknown_userfield(auth_client, connected, custom_field):
    response = auth_client.post("/actionkit/fields/new", headers=HX, data={
        "custom_field": custom_field.id, "userfield": "not_a_field", "option": "populate"})
    assert response.status_code == 200 and "not an allowed userfield" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(FieldMapping).filter_by(custom_field_id=custom_field.id)) is None


def test_plain_post_add_redirects_to_tab(auth_client, connected, custom_field):
    response = auth_client.post("/actionkit/fields/new", data={
        "custom_field": custom_field.id, "userfield": "pronouns", "option": "populate"})
    assert response.status_code in (302, 303) and response.location.endswith("/actionkit/fields")


def test_email_offers_only_its_two_options(auth_client, connected):
    email = _mapping("email")
    body = auth_client.get(f"/actionkit/fields/{email.id}", headers=HX).get_data(as_text=True)
    assert body.count("<option") == 2
    assert 'value="populate"' in body and 'value="one_way_to_member"' in body
    response = auth_client.post(f"/actionkit/fields/{email.id}", headers=HX, data={"option": "two_way"})
    assert response.status_code == 200 and _mapping("email").option == "populate"


def test_core_field_offers_all_six_and_changes_option(auth_client, connected):
    city = _mapping("city")
    body = auth_client.get(f"/actionkit/fields/{city.id}", headers=HX).get_data(as_text=True)
    for name in ("one_way_to_actionkit", "one_way_to_member", "populate", "populate_overwrite_actionkit",
                 "populate_overwrite_member", "two_way"):
        assert f'value="{name}"' in body
    assert "Remove mapping" not in body  # core mappings cannot be removed
    response = auth_client.post(f"/actionkit/fields/{city.id}", headers=HX,
                                data={"option": "populate_overwrite_member"})
    assert response.status_code == 204
    db.session.expire_all()
    assert _mapping("city").option == "populate_overwrite_member"


def test_remove_custom_mapping(auth_client, connected, custom_field):
    auth_client.post("/actionkit/fields/new", data={
        "custom_field": custom_field.id, "userfield": "favorite_issue", "option": "populate"})
    mapping = db.session.scalar(db.select(FieldMapping).filter_by(custom_field_id=custom_field.id))
    detail = auth_client.get(f"/actionkit/fields/{mapping.id}", headers=HX).get_data(as_text=True)
    assert "Remove mapping" in detail and "hx-confirm" in detail
    response = auth_client.post(f"/actionkit/fields/{mapping.id}/delete", headers=HX)
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.scalar(db.select(FieldMapping).filter_by(custom_field_id=custom_field.id)) is None


def test_core_mapping_cannot_be_removed(auth_client, connected):
    response = auth_client.post(f"/actionkit/fields/{_mapping('zip').id}/delete")
    assert response.status_code == 400 and _mapping("zip") is not None
