"""Requests for an account from people not yet in labnet: to manage an existing lab, or a
new one. The coordinators of the lab's networks decide; admins decide for a new lab, a lab
in no network, and any other."""
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from labnet import authz
from labnet.accounts.credentials import password_link
from labnet.accounts.models import AccountRequest, User
from labnet.accounts.services import add_user, normalize_email, user_by_email
from labnet.audit.services import record_change
from labnet.database import get_or_404, utcnow
from labnet.errors import Conflict, Invalid
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.labs.services import build_lab
from labnet.mail import queue_mail
from labnet.networks.models import network_coordinators
from labnet.onboarding.services import lab_network_ids, network_lab_ids
from labnet.reference.models import Country

PENDING = "pending"


def request_account(data: dict) -> AccountRequest:
    """Record a request and mail those who decide it. One pending request per address."""
    email = normalize_email(data["email"])
    lab_id = data.get("lab_id")
    if lab_id:
        lab = db.session.get(Lab, lab_id)
        if lab is None or lab.archived_at is not None:
            raise Invalid(_("Choose a lab from the list."), {"lab_id": [_("Unknown lab.")]})
        new = {}
    else:
        if not data.get("new_lab_name") or not data.get("new_lab_country_code"):
            raise Invalid(_("Choose your lab, or give the name and country of a new one."),
                          {"new_lab_name": [_("Required for a new lab.")]})
        if db.session.get(Country, data["new_lab_country_code"].upper()) is None:
            raise Invalid(_("Unknown country."), {"new_lab_country_code": [_("Unknown country.")]})
        new = {"new_lab_name": data["new_lab_name"],
               "new_lab_country_code": data["new_lab_country_code"].upper(),
               "new_lab_city": data.get("new_lab_city") or None}
    account_request = AccountRequest(email=email, name=data["name"],
                                     organization=data.get("organization") or None,
                                     lab_id=lab_id or None, status=PENDING, **new)
    try:
        with db.session.begin_nested():  # the unique index settles two posts at once
            db.session.add(account_request)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("A request for this address is already waiting for a decision."),
                       {"email": [_("A request is already pending.")]}) from None
    for decider in deciders(account_request):
        queue_mail(decider.email, template="account_request_received",
                   language=decider.language, user=decider, account_request=account_request,
                   lab_name=_lab_name(account_request), link="/account-requests")
    return account_request


def _lab_name(account_request: AccountRequest) -> str:
    return account_request.lab.name if account_request.lab_id else account_request.new_lab_name


def deciders(account_request: AccountRequest) -> list[User]:
    """The active coordinators of the lab's networks, or the active admins when none."""
    network_ids = lab_network_ids(account_request.lab_id) if account_request.lab_id else []
    coordinators = list(db.session.scalars(
        select(User).join(network_coordinators, network_coordinators.c.user_id == User.id)
        .where(network_coordinators.c.network_id.in_(network_ids), User.active.is_(True))
        .distinct())) if network_ids else []
    return coordinators or list(db.session.scalars(
        select(User).where(User.role == authz.ADMIN, User.active.is_(True))))


def pending_requests_query(actor):
    """Pending requests the actor decides, oldest first."""
    authz.require(authz.can_see_unanswered_labs(actor), actor,
                  _("Only coordinators and admins decide account requests."))
    statement = select(AccountRequest).where(AccountRequest.status == PENDING) \
        .order_by(AccountRequest.created_at, AccountRequest.id)
    if not authz.is_admin(actor):
        statement = statement.where(AccountRequest.lab_id.in_(
            network_lab_ids(authz.coordinated_network_ids(actor))))
    return statement


def _decide(actor, request_id: int, status: str, reason: str | None) -> AccountRequest:
    account_request = get_or_404(AccountRequest, request_id, "account request")
    network_ids = lab_network_ids(account_request.lab_id) if account_request.lab_id else []
    authz.require(authz.decides_account_request(actor, network_ids), actor,
                  _("The coordinators of the lab's networks decide this request."))
    decided = db.session.execute(
        update(AccountRequest).where(AccountRequest.id == request_id,
                                     AccountRequest.status == PENDING)
        .values(status=status, reason=reason, decided_by_id=actor.id, decided_at=utcnow())
        .returning(AccountRequest.id).execution_options(synchronize_session=False)).first()
    if decided is None:
        raise Conflict(_("This request has already been decided."))
    db.session.refresh(account_request)
    return account_request


def approve_request(actor, request_id: int) -> User:
    """Open the account (and the lab, if new), and mail a link to set a password."""
    account_request = _decide(actor, request_id, "approved", None)
    if user_by_email(account_request.email) is not None:
        raise Conflict(_("This address already has an account."))
    lab = account_request.lab
    if lab is None:
        lab = build_lab({"name": account_request.new_lab_name,
                         "country_code": account_request.new_lab_country_code,
                         "city": account_request.new_lab_city})
        db.session.add(lab)
        db.session.flush()
        record_change(actor, "create", lab, {"name": [None, lab.name]}, lab_id=lab.id)
    user = User(email=account_request.email, name=account_request.name,
                organization=account_request.organization, role=authz.LAB_MANAGER)
    # a random password no one is told: the person sets theirs through the mailed link
    user.set_password(secrets.token_urlsafe(32))
    add_user(user, labs=[lab])
    link = password_link(user, current_app.config["INVITATION_LIFETIME"])
    queue_mail(user.email, template="account_request_approved", user=user, lab_name=lab.name,
               link=link)
    record_change(actor, "create", user, {"email": [None, user.email],
                                          "role": [None, user.role]})
    return user


def refuse_request(actor, request_id: int, reason: str) -> AccountRequest:
    if not (reason or "").strip():
        raise Invalid(_("Say why, for the person who asked."), {"reason": [_("Required.")]})
    account_request = _decide(actor, request_id, "refused", reason.strip())
    queue_mail(account_request.email, template="account_request_refused",
               account_request=account_request, lab_name=_lab_name(account_request),
               reason=account_request.reason)
    return account_request


def request_choices() -> dict:
    """What the public form offers: labs in the directory and countries."""
    return {"labs": db.session.execute(select(Lab.id, Lab.name).where(Lab.archived_at.is_(None))
                                       .order_by(Lab.name)).all(),
            "countries": db.session.execute(select(Country.code, Country.name)
                                            .order_by(Country.name)).all()}


