"""Staff login/logout, the login gate on every admin page, and brute-force slowing."""
from datetime import timedelta

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from webapp.extensions import db
from webapp.forms.base import SafeForm
from webapp.models import StaffUser, utcnow
from webapp.security import throttle
from webapp.security.redirects import safe_next

bp = Blueprint("auth", __name__)
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static"}
PUBLIC_PREFIXES = ("webhooks.", "sms_webhooks.")
# One answer for unknown email, wrong password and locked account, so none can be told apart.
REFUSED = ("Wrong email or password. After several failed attempts sign-in is paused for a while, "
           "so if you are sure of your password, wait a few minutes and try again.")
THROTTLED = "Too many failed sign-ins from your network. Wait a few minutes and try again."
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class LoginForm(SafeForm):
    """Email + password; CSRF included."""

    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def is_public(endpoint):
    """Endpoints reachable without a staff session (login, health, webhooks, static)."""
    return endpoint in PUBLIC_ENDPOINTS or (endpoint or "").startswith(PUBLIC_PREFIXES)


def _session_staff():
    """The signed-in staff user, or None when the cookie is absent or ended (logout, password change)."""
    staff_id = session.get("staff_id")
    staff = db.session.get(StaffUser, staff_id) if isinstance(staff_id, int) else None
    if staff is None or session.get("staff_version") != staff.session_version:
        return None
    return staff


def require_login():
    """before_request gate: load the staff user or send the browser to the login page."""
    if request.endpoint is None or is_public(request.endpoint):
        return None
    g.staff = _session_staff()
    if g.staff is None:
        session.clear()
        if request.headers.get("HX-Request") == "true":
            return "", 401, {"HX-Redirect": url_for("auth.login")}
        return redirect(url_for("auth.login", next=request.full_path))
    return None


def _is_locked(staff):
    """A locked account refuses even the right password until the lock expires."""
    return staff is not None and staff.locked_until is not None and staff.locked_until > utcnow()


def _record_failure(staff):
    """Count a failed attempt per address, and per account, locking the account after too many in a row."""
    throttle.record_client_failure()
    if staff is None:
        return
    staff.failed_logins += 1
    if staff.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        staff.locked_until = utcnow() + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        staff.failed_logins = 0
    db.session.commit()


def _password_matches(staff, password):
    """Check the password; unknown emails hash a dummy too, so timing doesn't reveal which exist."""
    if staff is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return staff.check_password(password)


def _authenticate(form):
    """The staff user the form's credentials open, or None (unknown, wrong password or locked alike)."""
    staff = db.session.scalar(db.select(StaffUser).filter_by(email=form.email.data.strip().lower()))
    matches = _password_matches(staff, form.password.data)
    if _is_locked(staff):
        throttle.record_client_failure()  # the lock already holds; don't extend it
        return None
    if not matches:
        _record_failure(staff)
        return None
    return staff


def _start_session(staff):
    """Reset the failure count and issue a fresh session bound to the staff user's session version."""
    staff.failed_logins, staff.locked_until, staff.last_login_at = 0, None, utcnow()
    db.session.commit()
    session.clear()
    session["staff_id"], session["staff_version"] = staff.id, staff.session_version


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the form; on success start a fresh session."""
    form = LoginForm()
    if form.is_submitted() and throttle.client_is_throttled():
        flash(THROTTLED, "error")
        return render_template("auth/login.html", form=form), 429
    if form.validate_on_submit():
        staff = _authenticate(form)
        if staff is None:
            flash(REFUSED, "error")
            return render_template("auth/login.html", form=form), 401
        _start_session(staff)
        return redirect(safe_next(request.args.get("next"), url_for("index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """End this session and every other copy of its cookie (POST, so it is CSRF-protected)."""
    g.staff.end_sessions()
    db.session.commit()
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))
