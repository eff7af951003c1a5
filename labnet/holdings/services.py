"""A lab's reference-material holdings: lots, stock, expiry and sharing terms."""
from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from labnet import authz
from labnet.audit.services import changed_fields, delete_recorded, record_change, record_update, snapshot
from labnet.catalogue.lookup import methods_by_ids
from labnet.catalogue.models import ReferenceMaterial
from labnet.catalogue.services import entry_uses
from labnet.database import check_version, get_or_404, utcnow
from labnet.documents.services import documents_of_lab
from labnet.errors import Conflict, Invalid
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.services import get_lab

_signals = Namespace()
holding_removing = _signals.signal("holding-removing", doc="""Sent with the holding before it
is removed. Domains that depend on a holding (requests) connect receivers that raise a domain
error to refuse the removal, or answer phrases naming what still refers to the holding ("2
material requests"): then the holding is archived, not deleted. Holdings need not know them.""")

FIELDS = ("lot", "unit", "form", "expiry_date", "shareable", "terms", "mta_required", "mta_text",
          "cost_recovery", "characterisation_method", "characterised_value", "homogeneity",
          "stability")


def holdings_query(actor, lab_id: int):
    lab = get_lab(lab_id)
    authz.require(authz.can_see_private(actor), actor, _("Log in to see holdings."))
    return select(Holding).where(Holding.lab_id == lab.id, Holding.archived_at.is_(None)) \
        .order_by(Holding.expiry_date, Holding.id)


def get_holding(actor, holding_id: int) -> Holding:
    authz.require(authz.can_see_private(actor), actor, _("Log in to see holdings."))
    return get_or_404(Holding, holding_id, "holding")


def lots_by_id(ids) -> dict[int, Holding]:
    """Lots shown in a list of matches, with what a requester weighs before asking (their
    characterisation and documents), in one query."""
    if not ids:
        return {}
    return {h.id: h for h in db.session.scalars(
        select(Holding).where(Holding.id.in_(list(ids)))
        .options(selectinload(Holding.documents), selectinload(Holding.characterisation_report)))}


def _apply(holding: Holding, data: dict) -> None:
    if "reference_material_id" in data:
        material = db.session.get(ReferenceMaterial, data["reference_material_id"])
        if material is None:
            raise Invalid(_("Unknown reference material."),
                          {"reference_material_id": [_("Unknown reference material id.")]})
        holding.reference_material = material
    for field in FIELDS:
        if field in data:
            setattr(holding, field, data[field])
    if "validated_method_ids" in data:
        holding.validated_methods = methods_by_ids(data["validated_method_ids"],
                                                   "validated_method_ids")
    if "document_ids" in data:
        holding.documents = documents_of_lab(holding.lab_id, data["document_ids"])
    if "characterisation_report_id" in data:
        report = data["characterisation_report_id"]
        holding.characterisation_report = documents_of_lab(
            holding.lab_id, [report], "characterisation_report_id")[0] if report else None
    if holding.shareable and holding.needs_characterisation and not holding.characterised:
        raise Invalid(
            _("A non-certified or in-house lot is shared only once characterised: record the "
              "method used, the GM content or copy number, homogeneity and stability, or keep "
              "the lot unshared."),
            {"shareable": [_("Record the lot's characterisation first.")]})
    duplicate = db.session.scalar(select(Holding.id).where(
        Holding.lab_id == holding.lab_id, Holding.lot == holding.lot,
        Holding.reference_material_id == holding.reference_material.id))
    if duplicate is not None and duplicate != holding.id:
        raise Conflict(_("This lab already records this lot of this material."),
                       {"lot": [_("Already recorded (holding %(id)s).", id=duplicate)]})


def create_holding(actor, lab_id: int, data: dict) -> Holding:
    lab = get_lab(lab_id)
    authz.require(authz.can_edit_lab(actor, lab), actor, _("Only this lab's managers add holdings."))
    if data.get("quantity_given", data["quantity"]) != data["quantity"]:
        raise Invalid(_("A new lot has promised nothing yet: what it was given is its stock."),
                      {"quantity_given": [_("Leave it out, or give the same number as quantity.")]})
    holding = Holding(lab_id=lab.id, lab=lab, quantity=data["quantity"],
                      quantity_given=data["quantity"])
    with db.session.no_autoflush:
        _apply(holding, data)
    db.session.add(holding)
    db.session.flush()
    record_change(actor, "create", holding, snapshot(holding), lab_id=lab.id)
    return holding


def update_holding(actor, holding_id: int, data: dict, version: int | None = None) -> Holding:
    """Edit a lot. Its stock is never written as a number read earlier: `quantity_given` (the
    units the lot was given in all) moves the stock by its difference from the current row's,
    and `quantity` (the stock wanted on hand) by its difference from the stock read here, in
    one conditional UPDATE that keeps what accepted requests took."""
    holding = get_or_404(Holding, holding_id, "holding")
    authz.require(authz.can_edit_lab(actor, holding.lab), actor,
                  _("Only this lab's managers edit its holdings."))
    check_version(holding, version, "holding")
    if holding.archived:
        raise Conflict(_("This lot is archived: it stays as the requests that name it knew it."))
    if "quantity" in data and "quantity_given" in data:
        raise Invalid(_("Give either the stock (quantity) or what the lot was given "
                      "(quantity_given), not both."), {"quantity": [_("Give one of the two.")]})
    read_stock, read_given = holding.quantity, holding.quantity_given
    with db.session.no_autoflush:
        _apply(holding, data)
    entry = record_update(actor, holding, lab_id=holding.lab_id)
    if "quantity_given" in data:
        change = data["quantity_given"] - Holding.quantity_given  # from the current row
    elif "quantity" in data:
        change = data["quantity"] - read_stock
    else:
        return holding
    moved = db.session.execute(
        update(Holding).where(Holding.id == holding.id, Holding.quantity + change >= 0)
        .values(quantity=Holding.quantity + change, quantity_given=Holding.quantity_given + change,
                version=Holding.version + 1, updated_at=utcnow())
        .returning(Holding.quantity, Holding.quantity_given)).first()
    db.session.refresh(holding)
    if moved is None:
        taken = holding.units_taken
        raise Conflict(
            _("Accepted requests hold %(taken)s %(unit)s of this lot and %(stock)s are in stock, "
              "so it cannot be given fewer than %(taken)s; nothing was saved.", taken=taken,
              unit=holding.unit, stock=holding.quantity),
            {"quantity_given" if "quantity_given" in data else "quantity": [
                _("At least %(taken)s given (%(stock)s in stock).", taken=taken,
                  stock=holding.quantity)]})
    if moved.quantity_given != read_given:
        entry.changes = dict(entry.changes, quantity=[read_stock, moved.quantity],
                             quantity_given=[read_given, moved.quantity_given])
    return holding


def delete_holding(actor, holding_id: int, version: int | None = None) -> None:
    """Delete a holding; archive it instead when requests name it (it leaves search and
    matching, and both parties still read their requests). A receiver of `holding_removing`
    may refuse either."""
    holding = get_or_404(Holding, holding_id, "holding")
    authz.require(authz.can_edit_lab(actor, holding.lab), actor,
                  _("Only this lab's managers remove holdings."))
    check_version(holding, version, "holding")
    dependents = [phrase for _sender, phrases in holding_removing.send(holding) for phrase in phrases or ()]
    if not dependents:
        delete_recorded(actor, holding, lab_id=holding.lab_id)
        return
    if not holding.archived:
        holding.archived_at = utcnow()
        record_change(actor, "archive", holding, changed_fields(holding), lab_id=holding.lab_id)


@entry_uses.connect
def _holdings_using(entry) -> list[str]:
    if not isinstance(entry, ReferenceMaterial):
        return []
    n = db.session.scalar(select(func.count()).where(Holding.reference_material_id == entry.id))
    return [f"{n} holdings"] if n else []
