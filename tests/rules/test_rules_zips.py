"""Zip validation, ZIP+4 shortening and state derivation."""

import pytest

from webapp.rules.zips import normalize_zip


@pytest.mark.parametrize(
    "raw, zip5, state",
    [
        ("10001", "10001", "NY"),
        (" 10001 ", "10001", "NY"),
        ("10001-1234", "10001", "NY"),
        ("10001 1234", "10001", "NY"),
        ("100011234", "10001", "NY"),
        ("02139", "02139", "MA"),
        ("94103", "94103", "CA"),
    ],
)
def test_valid_zips(raw, zip5, state):
    result = normalize_zip(raw)
    assert (result.zip5, result.state, result.error) == (zip5, state, None)
    assert result.ok and result.city


@pytest.mark.parametrize(
    "raw, error_part",
    [
        ("1234", "expected 5 digits or ZIP+4"),
        ("123456", "expected 5 digits or ZIP+4"),
        ("10001-12", "expected 5 digits or ZIP+4"),
        ("abcde", "expected 5 digits or ZIP+4"),
        ("SW1A 1AA", "expected 5 digits or ZIP+4"),
        ("١٠٠٠١", "expected 5 digits or ZIP+4"),  # non-ASCII digits are not zips
        ("00000", "unknown zip '00000'"),
        ("99999", "unknown zip '99999'"),
        ("", "blank"),
        (None, "blank"),
    ],
)
def test_invalid_zips_are_reported(raw, error_part):
    result = normalize_zip(raw)
    assert result.zip5 is None and not result.ok
    assert error_part in result.error
