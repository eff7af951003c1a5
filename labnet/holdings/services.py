"""A lab's reference-material holdings: lots, stock, expiry and sharing terms."""
from blinker import Namespace
from sqlalchemy import func, select

from labnet import authz
from labnet.audit.services import delete_recorded, record_change, record_update, snapshot
from labnet.database import check_version, get_or_404
from labnet.catalogue.lookup import methods_by_ids
from labnet.catalogue.models import ReferenceMaterial
from labnet.catalogue.services import entry_uses
from labnet.errors import Conflict, Invalid
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.services import get_lab

_signals = Namespace()
holding_removing = _signals.signal("holding-removing", doc="""Sent with the holding before it
is deleted. Domains that depend on a holding (requests) connect receivers that raise a domain
error to refuse the deletion; holdings need not know them.""")

FIELDS = ("lot", "quantity", "unit", "expiry_date", "shareable", "terms", "mta_required")


def holdings_query(actor, lab_id: int):
    lab = get_lab(lab_id)
    authz.require(authz.can_see_private(actor), actor, "Log in to see holdings.")
    return select(Holding).where(Holding.lab_id == lab.id).order_by(Holding.expiry_date, Holding.id)


def get_holding(actor, holding_id: int) -> Holding:
    authz.require(authz.can_see_private(actor), actor, "Log in to see holdings.")
    return get_or_404(Holding, holding_id, "holding")


def _apply(holding: Holding, data: dict) -> None:
    if "reference_material_id" in data:
        material = db.session.get(ReferenceMaterial, data["reference_material_id"])
        if material is None:
            raise Invalid("Unknown reference material.",
                          {"reference_material_id": ["Unknown reference material id."]})
        holding.reference_material = material
    for field in FIELDS:
        if field in data:
            setattr(holding, field, data[field])
    if "validated_method_ids" in data:
        holding.validated_methods = methods_by_ids(data["validated_method_ids"],
                                                   "validated_method_ids")
    duplicate = db.session.scalar(select(Holding.id).where(
        Holding.lab_id == holding.lab_id, Holding.lot == holding.lot,
        Holding.reference_material_id == holding.reference_material.id))
    if duplicate is not None and duplicate != holding.id:
        raise Conflict("This lab already records this lot of this material.",
                       {"lot": ["Already recorded (holding %d)." % duplicate]})


def create_holding(actor, lab_id: int, data: dict) -> Holding:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, "Only this lab's managers add holdings.")
    holding = Holding(lab_id=lab.id, lab=lab)
    with db.session.no_autoflush:
        _apply(holding, data)
    db.session.add(holding)
    db.session.flush()
    record_change(actor, "create", holding, snapshot(holding), lab_id=lab.id)
    return holding


def update_holding(actor, holding_id: int, data: dict, version: int | None = None) -> Holding:
    holding = get_or_404(Holding, holding_id, "holding")
    authz.require(authz.can_edit_lab(actor, holding.lab), actor,
                  "Only this lab's managers edit its holdings.")
    check_version(holding, version, "holding")
    with db.session.no_autoflush:
        _apply(holding, data)
    record_update(actor, holding, lab_id=holding.lab_id)
    return holding


def delete_holding(actor, holding_id: int, version: int | None = None) -> None:
    """Delete a holding, unless a receiver of `holding_removing` refuses."""
    holding = get_or_404(Holding, holding_id, "holding")
    authz.require(authz.can_edit_lab(actor, holding.lab), actor,
                  "Only this lab's managers remove holdings.")
    check_version(holding, version, "holding")
    holding_removing.send(holding)
    delete_recorded(actor, holding, lab_id=holding.lab_id)


@entry_uses.connect
def _holdings_using(entry) -> list[str]:
    if not isinstance(entry, ReferenceMaterial):
        return []
    n = db.session.scalar(select(func.count()).where(Holding.reference_material_id == entry.id))
    return [f"{n} holdings"] if n else []
