"""Encryption at rest for the ActionKit password (Fernet, key from ENCRYPTION_KEY)."""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


class SecretUnavailable(Exception):
    """The stored secret cannot be decrypted (key changed or data damaged)."""


def _fernet():
    """ENCRYPTION_KEY when set (a Fernet key); otherwise a key derived from SECRET_KEY."""
    key = current_app.config.get("ENCRYPTION_KEY") or ""
    if not key:
        digest = hashlib.sha256(("kitbridge:" + current_app.config["SECRET_KEY"]).encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def encrypt(plaintext):
    """Encrypt a secret for storage in the database."""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token):
    """Decrypt a stored secret, with a clear error when the key no longer fits."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise SecretUnavailable("The stored ActionKit password cannot be decrypted; "
                                "reconnect the instance (was ENCRYPTION_KEY changed?).") from exc
