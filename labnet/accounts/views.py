"""Log in and out of the pages; admins manage users."""
import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from labnet import authz
from labnet.accounts import services
from labnet.accounts.api import UserSchema
from labnet.accounts.auth import login_limit
from labnet.accounts.models import ROLES, User
from labnet.api.pagination import paginate
from labnet.errors import Unauthorized
from labnet.extensions import db, limiter
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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 401)
def login():
    error = None
    if request.method == "POST":
        email = request.form.get("email", "")[:254]
        try:
            user = services.authenticate(email, request.form.get("password", "")[:1024])
        except Unauthorized as refused:
            log.warning("page login failed for %r from %s", email, request.remote_addr)
            error = refused.detail
            return render_template("accounts/login.html", error=error, email=email), 401
        next_url = safe_next(request.args.get("next"))
        language = session.get("language")
        session.clear()  # a new session on login: nothing from before survives but the language
        if language:
            session["language"] = language
        login_user(user)
        log.info("page login user %s from %s", user.id, request.remote_addr)
        return redirect(next_url)
    return render_template("accounts/login.html", error=error, email="")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = db.session.get(User, current_user.id)
    services.end_sessions(user)  # every cookie issued before is now worthless
    logout_user()
    session.clear()
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
