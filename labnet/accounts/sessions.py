"""Page sessions end after a time idle and after an absolute lifetime; admins and
coordinators without two-factor can only enrol until they have.

The login time and the last activity travel in the signed session cookie; activity is
noted at most once a minute, so most requests do not rewrite the cookie. No remember-me
cookie is ever issued: a session never outlives its lifetime.
"""
import datetime as dt

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from labnet import authz
from labnet.database import utcnow
from labnet.errors import Forbidden

ACTIVITY_PRECISION = 60  # seconds
# what an admin or coordinator without two-factor may still reach
ENROLMENT_ENDPOINTS = {"account_pages.two_factor", "accounts_pages.logout", "static",
                       "accounts_pages.login", "accounts_pages.login_code", "health.healthz"}


def now() -> float:
    """Seconds since the epoch; tests move the clock here."""
    return utcnow().timestamp()


def start(user) -> None:
    """A fresh session for `user`: nothing from before survives but the chosen language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    login_user(user)
    session["login_at"] = session["seen_at"] = int(now())


def end() -> None:
    logout_user()
    session.clear()


def _expired() -> bool:
    login_at, seen_at = session.get("login_at"), session.get("seen_at")
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True  # a cookie from before lifetimes existed
    config, moment = current_app.config, now()
    return (moment - seen_at > config["SESSION_IDLE_TIMEOUT"].total_seconds()
            or moment - login_at > config["SESSION_ABSOLUTE_LIFETIME"].total_seconds())


def check_session():
    """Before each request: end a session that is idle or too old; keep an admin or
    coordinator without two-factor on the enrolment page."""
    if "_user_id" not in session or request.endpoint == "static":
        return None
    if _expired():
        end()
        flash(_("Your session has ended. Please log in again."), "info")
        return None
    moment = int(now())
    if moment - session["seen_at"] >= ACTIVITY_PRECISION:
        session["seen_at"] = moment
    if current_user.is_authenticated and authz.must_use_two_factor(current_user) \
            and not current_user.two_factor_enabled \
            and request.endpoint not in ENROLMENT_ENDPOINTS:
        if request.path.startswith("/api/"):
            if "Authorization" not in request.headers:
                raise Forbidden(_("Set up two-factor authentication on the pages first."))
            return None
        flash(_("Your role requires two-factor authentication. Set it up to continue."), "info")
        return redirect(url_for("account_pages.two_factor"))
    return None


def init_app(app) -> None:
    app.config.setdefault("SESSION_IDLE_TIMEOUT", dt.timedelta(hours=2))
    app.config.setdefault("SESSION_ABSOLUTE_LIFETIME", dt.timedelta(hours=12))
    app.before_request(check_session)
