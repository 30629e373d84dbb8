"""Staff accounts that log in to the admin."""
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models.base import TimestampMixin


class StaffUser(TimestampMixin, db.Model):
    """An admin login; failed attempts are counted to lock brute-force guessing."""

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    password_hash = db.Column(db.String(256), nullable=False)
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(db.DateTime)
    last_login_at = db.Column(db.DateTime)
    # Stored in the session at login; bumping it (logout, password change) kills every copy of the cookie.
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    def set_password(self, password):
        """Store only a salted hash, never the password."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self):
        """Invalidate every signed session cookie issued so far (they carry the old version)."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password):
        """Constant-time comparison through werkzeug."""
        return check_password_hash(self.password_hash, password)
