"""Pages: invite someone, accept an invitation, ask for an account, decide requests, and
the labs no one answers for."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from labnet import authz
from labnet.accounts import sessions
from labnet.accounts.models import ROLES
from labnet.api.pagination import paginate
from labnet.extensions import limiter
from labnet.onboarding import account_requests, services
from labnet.onboarding.schemas import AcceptInvitationSchema, AccountRequestSchema, InvitationSchema, RefusalSchema
from labnet.web import actor, flash_outcome, load_form, page_number, query_record_id, run_service

bp = Blueprint("onboarding_pages", __name__)


@bp.route("/invitations/new", methods=["GET", "POST"])
@login_required
def new_invitation():
    errors, form, chosen_labs = {}, request.form, request.form.getlist("lab_ids")
    if request.method == "POST":
        data, errors = load_form(InvitationSchema(), lists=("lab_ids", "network_ids"),
                                 ints=("lab_ids", "network_ids"))
        if not errors:
            invitation, errors = run_service(services.invite, actor(), data)
            if not errors:
                flash(_("An invitation is on its way to %(email)s.", email=invitation.email),
                      "info")
                return redirect(url_for("onboarding_pages.new_invitation"))
    else:  # "Invite a manager" from the labs no one answers for
        lab_id = query_record_id("lab_id")
        chosen_labs = [lab_id] if lab_id else []
    me = actor()
    authz.require(authz.can_open_invitations(me), me,
                  _("Only admins and coordinators invite people."))
    roles = ROLES if authz.is_admin(me) else (authz.LAB_MANAGER,)
    return render_template("onboarding/invite.html", errors=errors, form=form, roles=roles,
                           chosen_labs=chosen_labs,
                           labs=services.invitable_labs(me),
                           networks=services.invitable_networks(me)), 422 if errors else 200


@bp.route("/invitations/<string:token>", methods=["GET", "POST"])
def accept_invitation(token):
    token, errors = token[:100], {}
    invitation = services.invitation_for(token)
    if request.method == "POST":
        data, errors = load_form(AcceptInvitationSchema())
        if not errors:
            user, errors = run_service(services.accept_invitation, token, data)
            if not errors:
                sessions.start(user)
                flash(_("Welcome to labnet. Your account is open."), "info")
                return redirect(url_for("account_pages.account"))
    return render_template("onboarding/accept.html", invitation=invitation, errors=errors,
                           form=request.form), 422 if errors else 200


def _request_limit() -> str:
    return current_app.config["ACCOUNT_REQUEST_LIMIT"]


@bp.route("/account-requests/new", methods=["GET", "POST"])
@limiter.limit(_request_limit, methods=["POST"])
def request_account():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(AccountRequestSchema(), ints=("lab_id",))
        if not errors:
            _done, errors = run_service(account_requests.request_account, data)
            if not errors:
                return render_template("onboarding/request_sent.html"), 201
    return render_template("onboarding/request_account.html", errors=errors, form=request.form,
                           **account_requests.request_choices()), 422 if errors else 200


@bp.route("/account-requests")
@login_required
def pending_requests():
    page = paginate(account_requests.pending_requests_query(actor()), page_number(), 50)
    return render_template("onboarding/requests.html", page=page)


@bp.route("/account-requests/<int:request_id>/approve", methods=["POST"])
@login_required
def approve(request_id):
    user, errors = run_service(account_requests.approve_request, actor(), request_id)
    flash_outcome(errors, _("The account of %(email)s is open; a link to set a password is "
                            "on its way.", email=getattr(user, "email", "")))
    return redirect(url_for("onboarding_pages.pending_requests"))


@bp.route("/account-requests/<int:request_id>/refuse", methods=["POST"])
@login_required
def refuse(request_id):
    data, errors = load_form(RefusalSchema())
    if not errors:
        _done, errors = run_service(account_requests.refuse_request, actor(), request_id,
                                    data["reason"])
    flash_outcome(errors, _("The request was refused; the person is told why."))
    return redirect(url_for("onboarding_pages.pending_requests"))


@bp.route("/labs/unanswered")
@login_required
def unanswered_labs():
    page = paginate(services.unanswered_labs_query(actor()), page_number(), 50)
    return render_template("onboarding/unanswered_labs.html", page=page)
