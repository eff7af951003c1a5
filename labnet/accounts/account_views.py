"""A person's own account: profile, language and time zone, password, API tokens,
two-factor, sessions; and the forgotten-password pages for those not logged in."""
import zoneinfo

from babel import Locale
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from labnet.accounts import credentials, sessions, twofactor
from labnet.accounts.api import reset_limit
from labnet.accounts.auth import live_tokens_query, revoke_token
from labnet.accounts.models import User
from labnet.accounts.schemas import ProfileSchema
from labnet.errors import Invalid, TooManyAttempts, Unauthorized
from labnet.extensions import db, limiter
from labnet.i18n import LANGUAGES
from labnet.web import flash_outcome, load_form, run_service

bp = Blueprint("account_pages", __name__)

def _me() -> User:
    return db.session.get(User, current_user.id)


def language_choices() -> list[tuple[str, str]]:
    """Each language by its own name (français, العربية), as its speakers look for it."""
    return [(code, Locale.parse(code).get_display_name(code).capitalize()) for code in LANGUAGES]


def time_zone_choices() -> list[str]:
    return sorted(zoneinfo.available_timezones() | {"UTC"})


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user, errors = _me(), {}
    if request.method == "POST":
        data, errors = load_form(ProfileSchema(), keep_empty=("organization", "language",
                                                              "time_zone"))
        if not errors:
            credentials.update_profile(user, data)
            flash(_("Your profile was saved."), "info")
            return redirect(url_for("account_pages.account"))
    tokens = db.session.scalars(live_tokens_query(user)).all()
    preferences = "notifications_pages.preferences" in current_app.view_functions
    return render_template(
        "accounts/account.html", user=user, errors=errors, form=request.form, tokens=tokens,
        languages=language_choices(), time_zones=time_zone_choices(),
        preferences=preferences,
        recovery_left=twofactor.remaining_recovery_codes(user) if user.two_factor_enabled else 0,
    ), 422 if errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    errors = {}
    if request.method == "POST":
        user = _me()
        try:
            credentials.change_password(user, request.form.get("current_password", "")[:1024],
                                        request.form.get("password", "")[:1024])
        except TooManyAttempts as refused:
            return render_template("accounts/change_password.html",
                                   errors={"current_password": [refused.detail]}), 429, \
                refused.headers
        except Invalid as refused:
            errors = refused.errors
        else:
            sessions.start(user)  # this browser stays logged in; every other session ended
            flash(_("Your password was changed. Other sessions and API tokens were ended."), "info")
            return redirect(url_for("account_pages.account"))
    return render_template("accounts/change_password.html", errors=errors), \
        422 if errors else 200


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    _revoked, errors = run_service(revoke_token, _me(), token_id)
    flash_outcome(errors, _("The token was revoked."))
    return redirect(url_for("account_pages.account"))


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    credentials.sign_out_everywhere(_me())
    sessions.end()
    flash(_("You are signed out on every device, this one included."), "info")
    return redirect(url_for("accounts_pages.login"))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    """Enrol: a secret and its QR code, confirmed by a first code; then the recovery codes,
    shown this once."""
    user, error = _me(), None
    if user.two_factor_enabled:
        return render_template("accounts/two_factor.html", user=user,
                               recovery_left=twofactor.remaining_recovery_codes(user))
    twofactor.start_enrolment(user)
    if request.method == "POST":
        codes = twofactor.confirm_enrolment(user, request.form.get("code", "")[:64])
        if codes:
            return render_template("accounts/recovery_codes.html", codes=codes)
        error = _("That code does not match. Check the time on your phone and enter the "
                  "current code.")
    uri = twofactor.provisioning_uri(user)
    return render_template("accounts/two_factor_setup.html", user=user, uri=uri,
                           qr=twofactor.qr_svg(uri), error=error), 422 if error else 200


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def disable_two_factor():
    user = _me()
    try:
        credentials.disable_two_factor(user, request.form.get("password", "")[:1024],
                                       request.form.get("code", "")[:64])
    except (Invalid, Unauthorized, TooManyAttempts) as refused:
        flash(refused.detail, "error")
    else:
        flash(_("Two-factor authentication is off."), "info")
    return redirect(url_for("account_pages.two_factor"))


# forgotten passwords: no login needed

@bp.route("/password-resets", methods=["GET", "POST"])
@limiter.limit(reset_limit, methods=["POST"])
def forgot_password():
    if request.method == "POST":
        email = request.form.get("email", "").strip()[:254]
        if email:
            credentials.request_password_reset(email)
        return render_template("accounts/reset_requested.html"), 202
    return render_template("accounts/forgot_password.html")


@bp.route("/password-resets/<string:token>", methods=["GET", "POST"])
def reset_password(token):
    token, errors = token[:100], {}
    if request.method == "POST":
        try:
            credentials.reset_password(token, request.form.get("password", "")[:1024])
        except Invalid as refused:
            errors = refused.errors
        else:
            flash(_("Your password is set. Log in with it."), "info")
            return redirect(url_for("accounts_pages.login"))
    credentials.check_reset_link(token)
    return render_template("accounts/reset_password.html", errors=errors), \
        422 if errors else 200
