"""The coordinator's dashboard tables, each one aggregate query over the labs in scope."""
import datetime as dt

from sqlalchemy import func, or_, select

from labnet.database import today, utcnow
from labnet.coverage.services import labs_in_scope
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Lab
from labnet.reference.models import Country
from labnet.requests.models import MaterialRequest, TestingRequest
from labnet.training import workflow as enrolment_workflow
from labnet.training.models import Enrolment, TrainingOffer

SOON_DAYS = 90
STALE_DAYS = 30


def tables(coverage_result: dict, region=None, network=None) -> dict:
    scope = labs_in_scope(region, network)
    on, soon = today(), today() + dt.timedelta(days=SOON_DAYS)
    accreditations = db.session.execute(
        select(Lab.id, Lab.name, Lab.country_code, Accreditation.body,
               Accreditation.certificate_number, Accreditation.status, Accreditation.valid_until)
        .join(Accreditation, Accreditation.lab_id == Lab.id)
        .where(Lab.id.in_(scope), or_(Accreditation.status != "active",
                                      Accreditation.valid_until <= soon))
        .order_by(Accreditation.valid_until)).all()
    holdings = db.session.execute(
        select(Lab.id, Lab.name, Holding.id.label("holding_id"), Holding.lot, Holding.quantity,
               Holding.expiry_date)
        .join(Lab, Lab.id == Holding.lab_id)
        .where(Holding.lab_id.in_(scope), or_(Holding.quantity == 0, Holding.expiry_date <= soon))
        .order_by(Holding.expiry_date, Holding.id)).all()
    stale = utcnow() - dt.timedelta(days=STALE_DAYS)
    material = db.session.execute(
        select(MaterialRequest.id, MaterialRequest.status, MaterialRequest.created_at)
        .join(Holding, Holding.id == MaterialRequest.holding_id)
        .where(MaterialRequest.status.in_(("pending", "accepted", "shipped")),
               MaterialRequest.created_at < stale,
               or_(Holding.lab_id.in_(scope), MaterialRequest.requester_lab_id.in_(scope)))).all()
    testing = db.session.execute(
        select(TestingRequest.id, TestingRequest.status, TestingRequest.created_at)
        .where(TestingRequest.status.in_(("pending", "accepted")), TestingRequest.created_at < stale,
               TestingRequest.lab_id.in_(scope))).all()
    enrolled = (select(Enrolment.offer_id, func.coalesce(func.sum(Enrolment.seats), 0).label("seats"))
                .where(Enrolment.status == enrolment_workflow.ACTIVE)
                .group_by(Enrolment.offer_id).subquery())
    training = db.session.execute(
        select(TrainingOffer.id, TrainingOffer.title, TrainingOffer.start_date,
               TrainingOffer.seats_total, func.coalesce(enrolled.c.seats, 0), Lab.name)
        .join(Lab, Lab.id == TrainingOffer.lab_id)
        .outerjoin(enrolled, enrolled.c.offer_id == TrainingOffer.id)
        .where(TrainingOffer.lab_id.in_(scope)).order_by(TrainingOffer.start_date)).all()
    return {
        "events": coverage_result["events"],
        "countries_without_labs": [c for c in coverage_result["countries"] if c["labs"] == 0],
        "single_points_of_failure": [e for e in coverage_result["events"]
                                     if e["labs_with_method"] == 1],
        "accreditations": [{
            "lab_id": r[0], "lab": r[1], "country": r[2], "body": r[3], "certificate": r[4],
            "status": r[5], "valid_until": r[6],
            "state": r[5] if r[5] != "active" else ("expired" if r[6] < on else "expiring"),
        } for r in accreditations],
        "holdings": [{
            "lab_id": r[0], "lab": r[1], "holding_id": r[2], "lot": r[3], "quantity": r[4],
            "expiry_date": r[5],
            "state": "out of stock" if r[4] == 0 else ("expired" if r[5] < on else "expiring"),
        } for r in holdings],
        "stale_requests": [{"kind": "material", "id": r[0], "status": r[1], "created_at": r[2]}
                           for r in material] +
                          [{"kind": "testing", "id": r[0], "status": r[1], "created_at": r[2]}
                           for r in testing],
        "training": [{"offer_id": r[0], "title": r[1], "start_date": r[2], "seats_offered": r[3],
                      "seats_taken": int(r[4]), "lab": r[5]} for r in training],
    }


def labs_geojson(region=None, network=None) -> dict:
    scope = labs_in_scope(region, network)
    rows = db.session.execute(
        select(Lab.id, Lab.name, Lab.city, Lab.country_code, Lab.latitude, Lab.longitude,
               Lab.location_source, Lab.accredited.label("accredited"))
        .where(Lab.id.in_(scope), Lab.latitude.is_not(None)).order_by(Lab.id)).all()
    return {"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": r.id,
        "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
        "properties": {"id": r.id, "name": r.name, "city": r.city, "country": r.country_code,
                       "location_source": r.location_source, "accredited": bool(r.accredited)},
    } for r in rows]}


def country_numeric_counts(coverage_result: dict) -> dict:
    """{ISO numeric: labs} for shading the map (world-atlas keys countries by ISO numeric)."""
    codes = [c["code"] for c in coverage_result["countries"]]
    numeric = dict(db.session.execute(select(Country.code, Country.numeric)
                                      .where(Country.code.in_(codes))).all())
    return {numeric[c["code"]]: {"name": c["name"], "labs": c["labs"]}
            for c in coverage_result["countries"]}
