"""The ActionKit password is encrypted at rest and a wrong key fails clearly."""
import pytest
from cryptography.fernet import Fernet

from webapp.secretbox import SecretUnavailable, decrypt, encrypt


def test_roundtrip_and_ciphertext_hides_secret(app):
    token = encrypt("hunter2-secret")
    assert "hunter2" not in token
    assert decrypt(token) == "hunter2-secret"


def test_wrong_key_is_a_clear_error(app):
    token = encrypt("hunter2-secret")
    app.config["ENCRYPTION_KEY"] = Fernet.generate_key().decode()
    with pytest.raises(SecretUnavailable, match="cannot be decrypted"):
        decrypt(token)


def test_key_derived_from_secret_key_when_unset(app):
    app.config["ENCRYPTION_KEY"] = ""
    assert decrypt(encrypt("x")) == "x"
