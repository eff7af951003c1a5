"""Invitations to open an account, and the labs that need a manager.

Accounts sit below labs and networks; this package sits above them, so it can check that a
coordinator invites managers only for labs of their own networks."""
import secrets

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from labnet import authz
from labnet.accounts.models import ROLES, Invitation, User, hash_token
from labnet.accounts.services import create_user, normalize_email, user_by_email
from labnet.audit.services import record_change
from labnet.database import utcnow
from labnet.errors import Conflict, Gone, Invalid, NotFound
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.mail import queue_mail
from labnet.networks.models import Network, NetworkMembership


def network_lab_ids(network_ids) -> set[int]:
    """The labs that are members of these networks (invited labs are not)."""
    if not network_ids:
        return set()
    return set(db.session.scalars(select(NetworkMembership.lab_id).where(
        NetworkMembership.network_id.in_(list(network_ids)), NetworkMembership.is_member)))


def lab_network_ids(lab_id: int) -> list[int]:
    return list(db.session.scalars(select(NetworkMembership.network_id).where(
        NetworkMembership.lab_id == lab_id, NetworkMembership.is_member)))


def _known(model, ids, field) -> list:
    found = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise Invalid(_("Unknown id in %(field)s.", field=field),
                      {field: [_("Unknown id %(id)d.", id=i) for i in unknown]})
    return [found[i] for i in ids]


def invite(actor, data: dict) -> Invitation:
    """Admins invite anyone; coordinators invite lab managers for labs of their networks.
    The invitee gets a mailed link, valid INVITATION_LIFETIME, to open the account."""
    authz.require(authz.can_open_invitations(actor), actor,
                  _("Only admins and coordinators invite people."))
    role = data["role"]
    lab_ids = list(dict.fromkeys(data.get("lab_ids") or []))
    network_ids = list(dict.fromkeys(data.get("network_ids") or []))
    if role not in ROLES:
        raise Invalid(_("Unknown role."), {"role": [", ".join(ROLES)]})
    if lab_ids and not authz.role_manages_labs(role):
        raise Invalid(_("Only lab managers manage labs."),
                      {"lab_ids": [_("Only for role lab_manager.")]})
    if network_ids and not authz.role_coordinates_networks(role):
        raise Invalid(_("Only coordinators coordinate networks."),
                      {"network_ids": [_("Only for role coordinator.")]})
    labs = _known(Lab, lab_ids, "lab_ids")
    _known(Network, network_ids, "network_ids")
    allowed = authz.can_invite(actor, role, lab_ids, network_ids,
                               network_lab_ids(authz.coordinated_network_ids(actor)))
    authz.require(allowed, actor, _("Coordinators invite lab managers, for labs of their "
                                    "networks only."))
    email = normalize_email(data["email"])
    if user_by_email(email) is not None:
        raise Conflict(_("This person already has an account."),
                       {"email": [_("Already registered.")]})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(email=email, role=role, lab_ids=lab_ids, network_ids=network_ids,
                            token_hash=hash_token(token), invited_by_id=actor.id,
                            expires_at=utcnow() + current_app.config["INVITATION_LIFETIME"])
    db.session.add(invitation)
    db.session.flush()
    queue_mail(email, template="invitation", inviter=actor, role=role,
               labs=[lab.name for lab in labs], expires_at=invitation.expires_at,
               link=url_for("onboarding_pages.accept_invitation", token=token))
    record_change(actor, "create", invitation, {"email": [None, email], "role": [None, role]})
    return invitation


def invitation_for(token: str) -> Invitation:
    """The invitation a link names: 404 unknown, 410 accepted or expired."""
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.token_hash == hash_token(token or "")))
    if invitation is None:
        raise NotFound(_("No such invitation."))
    if invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        raise Gone(_("This invitation has been used or has expired. Ask for a new one."))
    return invitation


def accept_invitation(token: str, data: dict) -> User:
    """Open the invited account, once: the invitation is claimed first, in one conditional
    UPDATE, so of two acceptances at once the second finds it taken (410); a refused
    password rolls the claim back with everything else."""
    invitation = invitation_for(token)
    claimed = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=utcnow()).returning(Invitation.id)
        .execution_options(synchronize_session=False)).first()
    if claimed is None:
        raise Gone(_("This invitation has been used or has expired. Ask for a new one."))
    lab_ids = [i for i in invitation.lab_ids
               if db.session.get(Lab, i) is not None]  # a lab removed since stays out
    user = create_user(None, {"email": invitation.email, "password": data["password"],
                              "name": data.get("name") or "", "role": invitation.role,
                              "lab_ids": lab_ids, "network_ids": invitation.network_ids},
                       bootstrap=True)
    invitation.user_id = user.id
    db.session.flush()
    return user


def unanswered_labs_query(actor):
    """Labs with no active manager: of the coordinator's networks, or every lab for admins."""
    authz.require(authz.can_see_unanswered_labs(actor), actor,
                  _("Only coordinators and admins see which labs no one answers for."))
    statement = select(Lab).where(Lab.archived_at.is_(None), ~Lab.answered) \
        .order_by(Lab.name, Lab.id)
    if not authz.is_admin(actor):
        statement = statement.where(Lab.id.in_(
            select(NetworkMembership.lab_id).where(
                NetworkMembership.network_id.in_(authz.coordinated_network_ids(actor)),
                NetworkMembership.is_member)))
    return statement


def invitable_labs(actor) -> list[tuple[int, str]]:
    """The labs the actor may invite a manager for, as (id, name)."""
    statement = select(Lab.id, Lab.name).where(Lab.archived_at.is_(None)).order_by(Lab.name)
    if not authz.is_admin(actor):
        statement = statement.where(Lab.id.in_(network_lab_ids(
            authz.coordinated_network_ids(actor))))
    return [tuple(row) for row in db.session.execute(statement)]


def invitable_networks(actor) -> list[tuple[int, str]]:
    if not authz.is_admin(actor):
        return []
    return [tuple(row) for row in db.session.execute(
        select(Network.id, Network.name).order_by(Network.name))]


