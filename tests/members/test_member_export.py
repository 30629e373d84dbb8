"""CSV export through the web (streamed, filtered) and the CLI (stdout, filters, errors)."""
import csv
import io

import pytest

HEADER = "id,phone,email,first_name,last_name,city,state,zip,subscribed,source,groups"


@pytest.fixture
def exportable(make_member, make_field, make_group):
    """Two custom fields (made in id order), two groups and three members."""
    size, team = make_field("Shirt size"), make_field("Team")
    volunteers, donors = make_group("Volunteers"), make_group("Donors")
    ada = make_member(first_name="Ada", last_name="Lovelace", phone="+14155552671", email="ada@example.org",
                      city="San Francisco", state="CA", zip="94103", subscribed=True, source="manual",
                      custom={size: "L", team: "Red"}, groups=[volunteers, donors])
    bob = make_member(first_name="Bob", phone="+12125550199", source="actionkit", custom={team: "Blue"},
                      groups=[donors])
    cy = make_member(first_name="Cy", phone="+16175550000", source="actionkit")
    return {"ada": ada, "bob": bob, "cy": cy, "donors": donors}


def parse(text):
    """CSV text to a list of rows."""
    return list(csv.reader(io.StringIO(text)))


def expected_rows(members):
    """The exact rows the fixture's members export as."""
    ada, bob, cy = members["ada"], members["bob"], members["cy"]
    return {
        "ada": [str(ada.id), "+14155552671", "ada@example.org", "Ada", "Lovelace", "San Francisco", "CA",
                "94103", "true", "manual", "Donors; Volunteers", "L", "Red"],
        "bob": [str(bob.id), "+12125550199", "", "Bob", "", "", "", "", "false", "actionkit", "Donors", "", "Blue"],
        "cy": [str(cy.id), "+16175550000", "", "Cy", "", "", "", "", "false", "actionkit", "", "", ""],
    }


def test_web_export_everything(auth_client, exportable):
    response = auth_client.get("/members/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == HEADER + ",Shirt size,Team"
    rows = expected_rows(exportable)
    assert parse(text)[1:] == [rows["ada"], rows["bob"], rows["cy"]]


def test_web_export_follows_the_current_filters(auth_client, exportable):
    rows = expected_rows(exportable)
    by_group = parse(auth_client.get(f"/members/export.csv?group={exportable['donors'].id}").get_data(as_text=True))
    assert by_group[1:] == [rows["ada"], rows["bob"]]
    by_source = parse(auth_client.get("/members/export.csv?source=actionkit&q=cy").get_data(as_text=True))
    assert by_source[1:] == [rows["cy"]]


def test_web_export_needs_login(client, exportable):
    assert client.get("/members/export.csv").status_code == 302


def test_cli_export_matches_web(runner, exportable):
    result = runner.invoke(args=["members", "export"])
    assert result.exit_code == 0, result.output
    rows = expected_rows(exportable)
    assert result.output.splitlines()[0] == HEADER + ",Shirt size,Team"
    assert parse(result.output)[1:] == [rows["ada"], rows["bob"], rows["cy"]]


def test_cli_export_filters_by_group_name_and_source(runner, exportable):
    rows = expected_rows(exportable)
    result = runner.invoke(args=["members", "export", "--group", "Donors", "--source", "actionkit"])
    assert result.exit_code == 0, result.output
    assert parse(result.output)[1:] == [rows["bob"]]


def test_cli_export_with_no_custom_fields_has_the_bare_header(runner, make_member):
    make_member(phone="+14155552671")
    result = runner.invoke(args=["members", "export"])
    assert result.output.splitlines()[0] == HEADER


@pytest.mark.parametrize("args, message", [
    (["--group", "Nope"], "No group is named 'Nope'."),
    (["--source", "fax"], "Unknown source 'fax'"),
])
def test_cli_export_refuses_unknown_group_or_source(runner, exportable, args, message):
    result = runner.invoke(args=["members", "export", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "id,phone" not in result.output
