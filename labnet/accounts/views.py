"""Log in and out of the pages; admins manage users."""
import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from labnet import authz
from labnet.accounts import services, sessions
from labnet.accounts.api import UserSchema
from labnet.accounts.models import ROLES, User
from labnet.api.pagination import paginate
from labnet.errors import TooManyAttempts, Unauthorized
from labnet.extensions import db
from labnet.i18n import LANGUAGES
from labnet.web import flash_errors, load_form, page_number, run_service
from labnet.web.labels import label

bp = Blueprint("accounts_pages", __name__)
log = logging.getLogger("labnet.auth")


def safe_next(target: str | None) -> str:
    """Only local paths: never an open redirect to another site."""
    if not target:
        return url_for("labs_pages.home")
    if any(ord(c) < 32 or ord(c) == 127 for c in target):  # CR/LF would split the header
        return url_for("labs_pages.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("labs_pages.home")
    return target


# how long the second step of a login (the two-factor code) may follow the password
CODE_STEP_SECONDS = 300


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("accounts/login.html", error=None, email="")
    email = request.form.get("email", "")[:254]
    try:
        user = services.check_password_login(email, request.form.get("password", "")[:1024])
    except TooManyAttempts as refused:
        log.warning("page login throttled for %r from %s", email, request.remote_addr)
        return render_template("accounts/login.html", error=refused.detail, email=email), \
            429, refused.headers
    except Unauthorized as refused:
        log.warning("page login failed for %r from %s", email, request.remote_addr)
        return render_template("accounts/login.html", error=refused.detail, email=email), 401
    next_url = safe_next(request.args.get("next"))
    if user.two_factor_enabled:
        language = session.get("language")
        session.clear()  # nothing from before survives but the language; no one is logged in yet
        if language:
            session["language"] = language
        session["pending_login"] = {"user": user.id, "version": user.session_version,
                                    "at": int(sessions.now()), "next": next_url}
        return redirect(url_for("accounts_pages.login_code"))
    return _logged_in(user, next_url)


def _logged_in(user, next_url):
    services.logged_in(user)
    sessions.start(user)
    log.info("page login user %s from %s", user.id, request.remote_addr)
    return redirect(next_url)


def _pending_user():
    """The user who gave the right password a few minutes ago, or None."""
    pending = session.get("pending_login")
    if not isinstance(pending, dict) or sessions.now() - pending.get("at", 0) > CODE_STEP_SECONDS:
        return None
    user = db.session.get(User, pending.get("user", 0))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of a login with two-factor on: the authenticator's code, or a
    recovery code."""
    user = _pending_user()
    if user is None:
        session.pop("pending_login", None)
        flash(_("Log in with your email and password first."), "info")
        return redirect(url_for("accounts_pages.login"))
    if request.method == "GET":
        return render_template("accounts/login_code.html", error=None)
    try:
        services.check_second_factor(user, request.form.get("code", "")[:64])
    except TooManyAttempts as refused:
        return render_template("accounts/login_code.html", error=refused.detail), 429, \
            refused.headers
    except Unauthorized as refused:
        log.warning("two-factor code refused for user %s from %s", user.id, request.remote_addr)
        return render_template("accounts/login_code.html", error=refused.detail), 401
    return _logged_in(user, session["pending_login"]["next"])


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = db.session.get(User, current_user.id)
    services.end_sessions(user)  # every cookie issued before is now worthless
    sessions.end()
    flash(_("You are logged out."), "info")
    return redirect(url_for("labs_pages.home"))


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def users():
    authz.require(authz.can_manage_users(current_user), current_user, _("Only an admin manages users."))
    errors, form = {}, {}
    if request.method == "POST":
        form = request.form
        data, errors = load_form(UserSchema(), lists=("lab_ids", "network_ids"),
                                 ints=("lab_ids", "network_ids"))
        if not errors:
            user, errors = run_service(services.create_user, current_user, data)
            if not errors:
                flash(_("Created %(role)s %(email)s.", role=label(user.role), email=user.email), "info")
                return redirect(url_for("accounts_pages.users"))
    page = paginate(services.user_list_query(), page_number(), 50)
    return render_template("accounts/users.html", page=page, errors=errors, form=form, roles=ROLES,
                           **services.assignable_records()), 422 if errors else 200


@bp.route("/admin/users/<int:user_id>", methods=["POST"])
@login_required
def update_user(user_id):
    data = {"role": request.form.get("role", ""), "active": "active" in request.form}
    if data["role"] not in ROLES:
        flash(_("Choose one of the roles."), "error")
        return redirect(url_for("accounts_pages.users"))
    user, errors = run_service(services.update_user, current_user, user_id, data)
    if errors:
        flash_errors(errors)
    else:
        flash(_("%(email)s is now %(role)s.", email=user.email, role=label(user.role)) if user.active
              else _("%(email)s is now %(role)s, deactivated.", email=user.email, role=label(user.role)),
              "info")
    return redirect(url_for("accounts_pages.users"))


@bp.route("/language", methods=["POST"])
def choose_language():
    """The footer's language switch: kept on the account when signed in, else in the
    visitor's session (the browser's Accept-Language applies until a choice is made)."""
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        flash(_("Choose one of the languages."), "error")
    elif current_user.is_authenticated:
        run_service(services.choose_language, db.session.get(User, current_user.id), language)
    else:
        session["language"] = language
    return redirect(safe_next(request.form.get("next")))
