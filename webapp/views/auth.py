"""Staff login/logout, the login gate on every admin page, and brute-force slowing."""
from datetime import timedelta

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from webapp.extensions import db
from webapp.models import StaffUser, utcnow

bp = Blueprint("auth", __name__)
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static"}
PUBLIC_PREFIXES = ("webhooks.",)


class LoginForm(FlaskForm):
    """Email + password; CSRF included."""

    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


def is_public(endpoint):
    """Endpoints reachable without a staff session (login, health, webhooks, static)."""
    return endpoint in PUBLIC_ENDPOINTS or (endpoint or "").startswith(PUBLIC_PREFIXES)


def require_login():
    """before_request gate: load the staff user or send the browser to the login page."""
    if request.endpoint is None or is_public(request.endpoint):
        return None
    staff_id = session.get("staff_id")
    g.staff = db.session.get(StaffUser, staff_id) if staff_id else None
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
    """Count a failed attempt and lock the account after too many in a row."""
    if staff is None:
        return
    staff.failed_logins += 1
    if staff.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        staff.locked_until = utcnow() + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        staff.failed_logins = 0
    db.session.commit()


def _safe_next(target):
    """Only follow local redirects after login."""
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the form; on success start a fresh session."""
    form = LoginForm()
    if form.validate_on_submit():
        staff = db.session.scalar(db.select(StaffUser).filter_by(email=form.email.data.strip().lower()))
        if _is_locked(staff):
            flash("Too many failed attempts. This account is locked for a while; try again later.", "error")
            return render_template("auth/login.html", form=form), 429
        if staff is None or not staff.check_password(form.password.data):
            _record_failure(staff)
            flash("Wrong email or password.", "error")
            return render_template("auth/login.html", form=form), 401
        staff.failed_logins, staff.locked_until, staff.last_login_at = 0, None, utcnow()
        db.session.commit()
        session.clear()
        session["staff_id"] = staff.id
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """End the session (POST, so it is CSRF-protected)."""
    session.clear()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))
