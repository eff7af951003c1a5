"""Training offers, enrolments (seats taken without overbooking) and the training finder."""
from sqlalchemy import func, select, update

from labnet import authz, geo
from labnet.audit.services import delete_recorded, record_change, record_update, snapshot
from labnet.database import check_version, get_or_404, today
from labnet.errors import Conflict, Invalid
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.labs.services import get_lab
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
    record_change(actor, "enrol", enrolment, snapshot(enrolment), lab_id=offer.lab_id,
                  party_lab_id=enrolment.lab_id, party_user_id=enrolment.user_id)
    return enrolment


def match_training(actor, topic=None, audience=None, modality=None, language=None,
                   requester_lab=None, lat=None, lon=None, seats=1, limit=20):
    authz.require(authz.can_see_private(actor), actor, "Log in to match.")
    subregion, origin = None, (lat, lon)
    if requester_lab is not None:
        lab = get_lab(requester_lab)
        subregion, origin = lab.country.subregion_code, (lab.latitude, lab.longitude)
    stmt = (select(TrainingOffer, Lab.latitude, Lab.longitude, Country.subregion_code)
            .join(Lab, Lab.id == TrainingOffer.lab_id)
            .join(Country, Country.code == Lab.country_code)
            .where(TrainingOffer.start_date > today(), TrainingOffer.seats_remaining >= seats))
    if modality:
        stmt = stmt.where(TrainingOffer.modality == modality)
    matches = []
    for offer, olat, olon, offer_subregion in db.session.execute(stmt):
        topics = [t.lower() for t in offer.topics]
        if topic and not any(topic.lower() in t for t in topics + [offer.title.lower()]):
            continue
        if audience and audience not in offer.audience:
            continue
        if language and language.lower() not in [x.lower() for x in offer.languages]:
            continue
        point = (offer.country.latitude, offer.country.longitude) if olat is None else (olat, olon)
        distance = geo.distance_km(origin, point) if None not in origin else None
        same = subregion is not None and offer_subregion == subregion
        reasons = [f"starts {offer.start_date.isoformat()}", f"{offer.seats_remaining} seat(s) left",
                   offer.modality.replace("_", " ")]
        if same:
            reasons.insert(0, "in your M49 subregion")
        if distance is not None:
            reasons.append(f"{distance:,.0f} km away")
        matches.append({"offer_id": offer.id, "lab_id": offer.lab_id, "lab_name": offer.lab.name,
                        "title": offer.title, "country": offer.country_code,
                        "start_date": offer.start_date, "modality": offer.modality,
                        "languages": offer.languages, "seats_remaining": offer.seats_remaining,
                        "distance_km": distance, "same_subregion": same, "reasons": reasons})
    matches.sort(key=lambda m: (not m["same_subregion"], m["distance_km"] is None,
                                m["distance_km"] or 0.0, m["start_date"], m["offer_id"]))
    return {"total": len(matches), "matches": matches[:limit]}
