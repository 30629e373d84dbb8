"""CLI commands refuse bad input with a clear message and a non-zero exit code, saving nothing."""
import pytest

from tests.security.conftest import NUL, count
from webapp.models import StaffUser


@pytest.mark.parametrize("email,message", [
    ("a" * 294 + "@example.org", "the limit is 254"),  # 306 characters
    ("not-an-email", "not a valid email address"),
    ("two@@example.org", "not a valid email address"),
    ("spaces in@example.org", "not a valid email address"),
    ("boss@example", "not a valid email address"),
    ("boss" + NUL + "@example.org", "control character"),
])
def test_create_admin_refuses_bad_emails(runner, email, message):
    result = runner.invoke(args=["create-admin", email, "--password", "long-enough-pw"])
    assert result.exit_code != 0
    assert message in result.output
    assert count(StaffUser) == 0


def test_create_admin_accepts_a_254_character_email(runner):
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".org"
    assert len(email) == 254
    result = runner.invoke(args=["create-admin", email, "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    assert count(StaffUser) == 1


@pytest.mark.parametrize("option", ["--search", "--group", "--source"])
def test_members_export_refuses_control_characters(runner, option):
    result = runner.invoke(args=["members", "export", option, "x" + NUL])
    assert result.exit_code != 0
    assert "control character" in result.output
