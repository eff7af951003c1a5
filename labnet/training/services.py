"""Training offers and enrolments (seats taken without overbooking)."""
from sqlalchemy import func, select, update

from labnet import authz
from labnet.audit.services import delete_recorded, record_change, record_update, snapshot
from labnet.database import check_version, get_or_404, today
from labnet.errors import Conflict, Invalid
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.reference.models import Country
from labnet.training.models import Enrolment, TrainingOffer
from labnet.training.workflow import ENROLLED

FIELDS = ("title", "description", "topics", "audience", "modality", "languages", "start_date",
          "end_date", "city", "cost")


def offer_query(lab=None, q=None, upcoming=False):
    stmt = select(TrainingOffer).order_by(TrainingOffer.start_date, TrainingOffer.id)
    if lab:
        stmt = stmt.where(TrainingOffer.lab_id == lab)
    if q:
        stmt = stmt.where(func.lower(TrainingOffer.title).like(f"%{q.lower()}%"))
    if upcoming:
        stmt = stmt.where(TrainingOffer.start_date > today())
    return stmt


def _apply(offer: TrainingOffer, data: dict) -> None:
    for field in FIELDS:
        if field in data:
            setattr(offer, field, data[field])
    if data.get("country_code"):
        if db.session.get(Country, data["country_code"].upper()) is None:
            raise Invalid("Unknown country code.", {"country": ["Unknown ISO 3166-1 code."]})
        offer.country_code = data["country_code"].upper()
    if "seats_total" in data:
        taken = (offer.seats_total or 0) - (offer.seats_remaining or 0)
        if data["seats_total"] < taken:
            raise Conflict(f"{taken} seats are already taken.", {"seats_total": [f"At least {taken}."]})
        offer.seats_total, offer.seats_remaining = data["seats_total"], data["seats_total"] - taken
    if offer.end_date < offer.start_date:
        raise Invalid("The offer cannot end before it starts.", {"end_date": ["Before start_date."]})


def create_offer(actor, data: dict) -> TrainingOffer:
    lab = db.session.get(Lab, data["lab_id"])
    if lab is None:
        raise Invalid("Unknown lab.", {"lab_id": ["Unknown lab id."]})
    authz.require(authz.can_edit_lab(actor, lab), actor, "Only the providing lab's managers offer training.")
    offer = TrainingOffer(lab_id=lab.id, seats_total=0, seats_remaining=0)
    _apply(offer, data)
    db.session.add(offer)
    db.session.flush()
    record_change(actor, "create", offer, snapshot(offer), lab_id=lab.id)
    return offer


def update_offer(actor, offer_id: int, data: dict, version: int | None = None) -> TrainingOffer:
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    authz.require(authz.can_edit_lab(actor, offer.lab), actor, "Only the providing lab's managers edit it.")
    check_version(offer, version, "training offer")
    if "lab_id" in data and data["lab_id"] != offer.lab_id:
        raise Invalid("An offer cannot move to another lab.", {"lab_id": ["Cannot be changed."]})
    _apply(offer, data)
    record_update(actor, offer, lab_id=offer.lab_id)
    return offer


def delete_offer(actor, offer_id: int, version: int | None = None) -> None:
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    authz.require(authz.can_edit_lab(actor, offer.lab), actor, "Only the providing lab's managers remove it.")
    check_version(offer, version, "training offer")
    delete_recorded(actor, offer, lab_id=offer.lab_id)


def enrol(actor, offer_id: int, data: dict) -> Enrolment:
    """Take seats with one conditional UPDATE: concurrent enrolments never overbook."""
    authz.require(authz.can_enrol(actor), actor, "Log in to enrol.")
    offer = get_or_404(TrainingOffer, offer_id, "training offer")
    if offer.start_date <= today():
        raise Conflict("This training has already started.")
    seats = data.get("seats", 1)
    if data.get("lab_id") is not None and db.session.get(Lab, data["lab_id"]) is None:
        raise Invalid("Unknown lab.", {"lab_id": ["Unknown lab id."]})
    taken = db.session.execute(
        update(TrainingOffer).where(TrainingOffer.id == offer.id,
                                    TrainingOffer.seats_remaining >= seats)
        .values(seats_remaining=TrainingOffer.seats_remaining - seats)
        .returning(TrainingOffer.seats_remaining)).first()
    if taken is None:
        raise Conflict("Not enough seats left in this training.")
    db.session.expire(offer, ["seats_remaining"])
    enrolment = Enrolment(offer_id=offer.id, user_id=actor.id, lab_id=data.get("lab_id"),
                          seats=seats, status=ENROLLED)
    db.session.add(enrolment)
    db.session.flush()
    record_change(actor, "enrol", enrolment, snapshot(enrolment), lab_id=offer.lab_id)
    return enrolment
