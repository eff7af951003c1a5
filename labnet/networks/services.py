"""Networks of laboratories and their membership."""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from labnet import authz
from labnet.audit.services import record_change, record_update, snapshot
from labnet.database import check_version, contains, get_or_404, utcnow
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.networks.models import INVITED, MEMBER, Network, NetworkMembership
from labnet.reference.models import Region


def network_query(q=None, region=None):
    stmt = select(Network).order_by(Network.name)
    if q:
        stmt = stmt.where(or_(contains(Network.name, q), contains(Network.acronym, q)))
    if region:
        stmt = stmt.where(Network.region_code == region)
    return stmt


def _apply(network: Network, data: dict) -> None:
    if "name" in data:
        existing = db.session.scalar(select(Network).where(Network.name == data["name"]))
        if existing is not None and existing.id != network.id:
            raise Conflict(_("A network with this name already exists."),
                           {"name": [_("Already taken.")]})
    if data.get("region_code") and db.session.get(Region, data["region_code"]) is None:
        raise Invalid(_("Unknown M49 region."), {"region": [_("Unknown M49 code.")]})
    for field in ("name", "acronym", "description", "region_code"):
        if field in data:
            setattr(network, field, data[field])


def create_network(actor, data: dict) -> Network:
    authz.require(authz.can_edit_network(actor), actor, _("Only an admin creates networks."))
    network = Network()
    _apply(network, data)
    db.session.add(network)
    db.session.flush()
    record_change(actor, "create", network, snapshot(network))
    return network


def update_network(actor, network_id: int, data: dict, version: int | None = None) -> Network:
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_edit_network(actor), actor, _("Only an admin edits networks."))
    check_version(network, version, "network")
    _apply(network, data)
    record_update(actor, network)
    return network


def _membership(network_id: int, lab_id: int):
    return db.session.get(NetworkMembership, (network_id, lab_id))


def _forget_memberships(network: Network, lab: Lab | None) -> None:
    db.session.expire(network, ["labs", "invited_labs"])
    if lab is not None:
        db.session.expire(lab, ["networks", "invitations"])


def add_member(actor, network_id: int, lab_id: int) -> NetworkMembership:
    """An admin adds the lab at once (status member); a coordinator of the network invites it
    (status invited) and it joins when one of its managers accepts."""
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_manage_members(actor, network), actor,
                  _("Only this network's coordinators or an admin manage its members."))
    lab = db.session.get(Lab, lab_id)
    if lab is None:
        raise Invalid(_("No lab with id %(id)s.", id=lab_id), {"lab_id": [_("Unknown lab.")]})
    membership = _membership(network.id, lab.id)
    at_once = authz.adds_members_at_once(actor)
    if membership is not None and (membership.is_member or not at_once):
        if membership.is_member:
            raise Conflict(_("%(lab)s is a member of %(network)s.", lab=lab.name, network=network.name))
        raise Conflict(_("%(lab)s is already invited to %(network)s.", lab=lab.name,
                         network=network.name))
    if membership is None:
        membership = NetworkMembership(network_id=network.id, lab_id=lab.id)
        db.session.add(membership)
    membership.status = MEMBER if at_once else INVITED
    membership.joined_at = utcnow()
    db.session.flush()
    record_change(actor, "join" if at_once else "invite", network,
                  {"lab_id": [None, lab.id], "status": [None, membership.status]}, lab_id=lab.id)
    _forget_memberships(network, lab)
    return membership


def accept_invitation(actor, network_id: int, lab_id: int) -> NetworkMembership:
    """One of the lab's managers accepts the network's invitation: the lab becomes a member."""
    network = get_or_404(Network, network_id, "network")
    lab = get_or_404(Lab, lab_id, "lab")
    authz.require(authz.can_answer_invitation(actor, lab.id), actor,
                  _("Only a manager of this lab may accept an invitation for it."))
    membership = _membership(network.id, lab.id)
    if membership is None:
        raise NotFound(_("%(lab)s has no invitation from %(network)s.", lab=lab.name,
                         network=network.name))
    if membership.is_member:
        raise Conflict(_("%(lab)s is already a member of %(network)s.", lab=lab.name,
                         network=network.name))
    membership.status, membership.joined_at = MEMBER, utcnow()
    db.session.flush()
    record_change(actor, "accept", network, {"lab_id": [None, lab.id],
                                             "status": [INVITED, MEMBER]}, lab_id=lab.id)
    _forget_memberships(network, lab)
    return membership


def remove_member(actor, network_id: int, lab_id: int) -> None:
    """End a membership or an invitation: the lab's managers decline or leave, the network's
    coordinators (or an admin) withdraw the invitation or remove the member."""
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_end_membership(actor, network, lab_id), actor,
                  _("Only this network's coordinators, the lab's managers or an admin may end "
                  "this membership."))
    membership = _membership(network.id, lab_id)
    if membership is None:
        raise NotFound(_("Lab %(id)s is neither a member of this network nor invited to it.",
                         id=lab_id))
    by_lab = authz.manages_lab(actor, lab_id)
    if membership.is_member:
        action = "leave" if by_lab else "remove"
    else:
        action = "decline" if by_lab else "withdraw"
    was = membership.status
    db.session.delete(membership)
    db.session.flush()
    record_change(actor, action, network, {"lab_id": [lab_id, None], "status": [was, None]},
                  lab_id=lab_id)
    _forget_memberships(network, db.session.get(Lab, lab_id))


def pending_invitations(actor, lab: Lab) -> list[NetworkMembership]:
    """The invitations a lab's manager may answer on its page (none for anyone else)."""
    return list(lab.invitations) if authz.can_answer_invitation(actor, lab.id) else []


def network_choices() -> list:
    return db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
