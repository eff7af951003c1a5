"""The training finder: offers not yet started with seats left, same subregion and nearest
first.

The candidates are one ORM query (offers with their lab's place); which fit and in what
order are pure functions over them, held to a brute-force reference in
tests/matching/test_rules_brute_force.py.
"""
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from labnet import authz, geo
from labnet.database import today
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.labs.services import get_lab
from labnet.matching.place import Place, distance_phrase
from labnet.reference.models import Country
from labnet.training.models import TrainingOffer
from labnet.web.labels import label


def match_training(actor, topic=None, audience=None, modality=None, language=None,
                   requester_lab=None, lat=None, lon=None, seats=1, limit=20):
    """Training offers for a lab (or a point), ranked: one query for the offers."""
    authz.require(authz.can_see_private(actor), actor, _("Log in to match."))
    origin = Place(lat, lon)
    if requester_lab is not None:
        lab = get_lab(requester_lab)
        origin = Place(lab.latitude, lab.longitude, lab.country.subregion_code)
    stmt = (select(TrainingOffer, Lab.latitude, Lab.longitude, Country.subregion_code)
            .join(Lab, Lab.id == TrainingOffer.lab_id)
            .join(Country, Country.code == Lab.country_code)
            .where(TrainingOffer.archived_at.is_(None), Lab.archived_at.is_(None),
                   TrainingOffer.start_date > today(),
                   TrainingOffer.seats_remaining >= seats))
    if modality:
        stmt = stmt.where(TrainingOffer.modality == modality)
    matches = []
    for row in db.session.execute(stmt):
        offer = row.TrainingOffer
        if not offer_fits(offer, topic, audience, language):
            continue
        # a lab without coordinates is placed at the centre of the offer's country
        place = Place(offer.country.latitude, offer.country.longitude, row.subregion_code) \
            if row.latitude is None else Place(row.latitude, row.longitude, row.subregion_code)
        matches.append(training_match(offer, place, origin))
    return {"total": len(matches), "matches": rank_training(matches)[:limit]}


def offer_fits(offer: TrainingOffer, topic=None, audience=None, language=None) -> bool:
    """The topic is part of one of the offer's topics or its title; the audience and the
    language are among the offer's."""
    topics = [t.lower() for t in offer.topics]
    if topic and not any(topic.lower() in t for t in [*topics, offer.title.lower()]):
        return False
    if audience and audience not in offer.audience:
        return False
    return not (language and language.lower() not in [x.lower() for x in offer.languages])


def training_match(offer: TrainingOffer, place: Place, origin: Place) -> dict:
    """An offer held at `place` as the API shows it to a requester at `origin`, with the
    reasons in words."""
    distance = geo.distance_km(origin.point, place.point) if None not in origin.point else None
    same = origin.subregion is not None and place.subregion == origin.subregion
    reasons = [_("starts %(date)s", date=offer.start_date.isoformat()),
               ngettext("%(num)s seat left", "%(num)s seats left", offer.seats_remaining),
               label(offer.modality)]
    if same:
        reasons.insert(0, _("in your M49 subregion"))
    if distance is not None:
        reasons.append(distance_phrase(distance))
    return {"offer_id": offer.id, "lab_id": offer.lab_id, "lab_name": offer.lab.name,
            "title": offer.title, "country": offer.country_code,
            "start_date": offer.start_date, "modality": offer.modality,
            "languages": offer.languages, "seats_remaining": offer.seats_remaining,
            "distance_km": distance, "same_subregion": same, "reasons": reasons}


def rank_training(matches: list[dict]) -> list[dict]:
    """Same subregion first, then nearest (unknown last), then soonest, then offer id."""
    return sorted(matches, key=lambda m: (not m["same_subregion"], m["distance_km"] is None,
                                          m["distance_km"] or 0.0, m["start_date"], m["offer_id"]))
