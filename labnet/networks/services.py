"""Networks of laboratories and their membership."""
from sqlalchemy import or_, select

from labnet import authz
from labnet.audit.services import record_change, record_update, snapshot
from labnet.database import check_version, contains, get_or_404
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.networks.models import Network, NetworkMembership
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
            raise Conflict("A network with this name already exists.",
                           {"name": ["Already taken."]})
    if data.get("region_code") and db.session.get(Region, data["region_code"]) is None:
        raise Invalid("Unknown M49 region.", {"region": ["Unknown M49 code."]})
    for field in ("name", "acronym", "description", "region_code"):
        if field in data:
            setattr(network, field, data[field])


def create_network(actor, data: dict) -> Network:
    authz.require(authz.can_edit_network(actor), actor, "Only an admin creates networks.")
    network = Network()
    _apply(network, data)
    db.session.add(network)
    db.session.flush()
    record_change(actor, "create", network, snapshot(network))
    return network


def update_network(actor, network_id: int, data: dict, version: int | None = None) -> Network:
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_edit_network(actor), actor, "Only an admin edits networks.")
    check_version(network, version, "network")
    _apply(network, data)
    record_update(actor, network)
    return network


def add_member(actor, network_id: int, lab_id: int) -> Network:
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_manage_members(actor, network), actor,
                  "Only this network's coordinators or an admin manage its members.")
    lab = db.session.get(Lab, lab_id)
    if lab is None:
        raise Invalid(f"No lab with id {lab_id}.", {"lab_id": ["Unknown lab."]})
    if db.session.get(NetworkMembership, (network.id, lab.id)) is not None:
        raise Conflict(f"{lab.name} is already a member of {network.name}.")
    membership = NetworkMembership(network_id=network.id, lab_id=lab.id)
    db.session.add(membership)
    db.session.flush()
    record_change(actor, "join", network, {"lab_id": [None, lab.id]}, lab_id=lab.id)
    db.session.expire(network, ["labs"])
    db.session.expire(lab, ["networks"])
    return network


def remove_member(actor, network_id: int, lab_id: int) -> None:
    network = get_or_404(Network, network_id, "network")
    authz.require(authz.can_manage_members(actor, network), actor,
                  "Only this network's coordinators or an admin manage its members.")
    membership = db.session.get(NetworkMembership, (network.id, lab_id))
    if membership is None:
        raise NotFound(f"Lab {lab_id} is not a member of this network.")
    db.session.delete(membership)
    db.session.flush()
    record_change(actor, "leave", network, {"lab_id": [lab_id, None]}, lab_id=lab_id)


def network_choices() -> list:
    return db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
