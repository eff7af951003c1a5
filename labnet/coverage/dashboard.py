"""The coordinator's dashboard tables, each one aggregate query over the labs in scope."""
import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from labnet import authz
from labnet.coverage.services import labs_in_scope
from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.i18n import country_name
from labnet.labs.models import Accreditation, Lab
from labnet.reference.countries import uninhabited
from labnet.reference.models import Country
from labnet.requests.models import MaterialRequest, TestingRequest
from labnet.requests.workflow import MATERIAL_OPEN, TESTING_OPEN
from labnet.training import workflow as enrolment_workflow
from labnet.training.models import Enrolment, TrainingOffer

SOON_DAYS = 90
STALE_DAYS = 30


# the columns of each table as exported, so that an empty table still has its header row
COLUMNS = {
    "events": ["unique_identifier", "name", "status", "labs_with_method", "labs_with_material"],
    "countries_without_labs": ["code", "name", "labs"],
    "single_points_of_failure": ["unique_identifier", "name", "status", "labs_with_method",
                                 "labs_with_material"],
    "accreditations": ["lab_id", "lab", "country", "body", "certificate", "status",
                       "valid_until", "state"],
    "holdings": ["lab_id", "lab", "holding_id", "lot", "quantity", "expiry_date", "state"],
    "stale_requests": ["kind", "id", "status", "created_at"],
    "training": ["offer_id", "title", "start_date", "seats_offered", "seats_taken", "lab"],
}


def tables(actor, coverage_result: dict, region=None, network=None) -> dict:
    """The dashboard's tables for a scope, from its coverage answer and a query per table."""
    authz.require(authz.can_see_coverage(actor), actor, _("Log in to see coverage."))
    scope = labs_in_scope(region, network)
    on, soon = today(), today() + dt.timedelta(days=SOON_DAYS)
    accreditations = db.session.execute(
        select(Lab.id.label("lab_id"), Lab.name.label("lab"), Lab.country_code,
               Accreditation.body, Accreditation.certificate_number, Accreditation.status,
               Accreditation.valid_until)
        .join(Accreditation, Accreditation.lab_id == Lab.id)
        .where(Lab.id.in_(scope), or_(Accreditation.status != "active",
                                      Accreditation.valid_until <= soon))
        .order_by(Accreditation.valid_until)).all()
    holdings = db.session.execute(
        select(Lab.id.label("lab_id"), Lab.name.label("lab"), Holding.id.label("holding_id"),
               Holding.lot, Holding.quantity, Holding.expiry_date)
        .join(Lab, Lab.id == Holding.lab_id)
        .where(Holding.lab_id.in_(scope), Holding.archived_at.is_(None),
               or_(Holding.quantity == 0, Holding.expiry_date <= soon))
        .order_by(Holding.expiry_date, Holding.id)).all()
    stale = utcnow() - dt.timedelta(days=STALE_DAYS)
    # everyone in scope counts them; only the parties (and admins) see which ones
    stale_material = (
        select(MaterialRequest.id, MaterialRequest.status, MaterialRequest.created_at)
        .join(Holding, Holding.id == MaterialRequest.holding_id)
        .where(MaterialRequest.status.in_(MATERIAL_OPEN), MaterialRequest.created_at < stale,
               or_(Holding.lab_id.in_(scope), MaterialRequest.requester_lab_id.in_(scope))))
    stale_testing = (
        select(TestingRequest.id, TestingRequest.status, TestingRequest.created_at)
        .where(TestingRequest.status.in_(TESTING_OPEN), TestingRequest.created_at < stale,
               TestingRequest.lab_id.in_(scope)))
    stale_counts = {kind: db.session.scalar(select(func.count()).select_from(stmt.subquery()))
                    for kind, stmt in (("material", stale_material), ("testing", stale_testing))}
    material = db.session.execute(stale_material.where(authz.material_requests_visible(
        actor, MaterialRequest.requester_lab_id, Holding.lab_id))).all()
    testing = db.session.execute(stale_testing.where(authz.testing_requests_visible(
        actor, TestingRequest.lab_id, TestingRequest.created_by_id))).all()
    enrolled = (select(Enrolment.offer_id, func.coalesce(func.sum(Enrolment.seats), 0).label("seats"))
                .where(Enrolment.status == enrolment_workflow.ACTIVE)
                .group_by(Enrolment.offer_id).subquery())
    training = db.session.execute(
        select(TrainingOffer.id, TrainingOffer.title, TrainingOffer.start_date,
               TrainingOffer.seats_total, func.coalesce(enrolled.c.seats, 0).label("seats_taken"),
               Lab.name.label("lab"))
        .join(Lab, Lab.id == TrainingOffer.lab_id)
        .outerjoin(enrolled, enrolled.c.offer_id == TrainingOffer.id)
        .where(TrainingOffer.lab_id.in_(scope)).order_by(TrainingOffer.start_date)).all()
    return {
        "events": coverage_result["events"],
        # territories nobody lives in (Antarctica, Bouvet Island...) are no gap to fill
        "countries_without_labs": [c for c in coverage_result["countries"]
                                   if c["labs"] == 0 and c["code"] not in uninhabited()],
        "single_points_of_failure": [e for e in coverage_result["events"]
                                     if e["labs_with_method"] == 1],
        "accreditations": [{
            "lab_id": r.lab_id, "lab": r.lab, "country": r.country_code, "body": r.body,
            "certificate": r.certificate_number, "status": r.status, "valid_until": r.valid_until,
            "state": r.status if r.status != "active" else (
                "expired" if r.valid_until < on else "expiring"),
        } for r in accreditations],
        "holdings": [{
            "lab_id": r.lab_id, "lab": r.lab, "holding_id": r.holding_id, "lot": r.lot,
            "quantity": r.quantity, "expiry_date": r.expiry_date,
            "state": "out of stock" if r.quantity == 0 else (
                "expired" if r.expiry_date < on else "expiring"),
        } for r in holdings],
        "stale_request_counts": stale_counts,
        "stale_requests": [{"kind": "material", "id": r.id, "status": r.status,
                            "created_at": r.created_at} for r in material] +
                          [{"kind": "testing", "id": r.id, "status": r.status,
                            "created_at": r.created_at} for r in testing],
        "training": [{"offer_id": r.id, "title": r.title, "start_date": r.start_date,
                      "seats_offered": r.seats_total, "seats_taken": int(r.seats_taken),
                      "lab": r.lab} for r in training],
    }


def labs_geojson(actor, region=None, network=None) -> dict:
    """The labs in scope that have a position, as GeoJSON points for the map."""
    authz.require(authz.can_see_coverage(actor), actor, _("Log in to see coverage."))
    scope = labs_in_scope(region, network)
    rows = db.session.execute(
        select(Lab.id, Lab.name, Lab.city, Lab.country_code, Lab.latitude, Lab.longitude,
               Lab.location_source, Lab.accreditation_verified.label("accredited"))
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
    numeric = {row.code: row.numeric for row in db.session.execute(
        select(Country.code, Country.numeric).where(Country.code.in_(codes)))}
    return {numeric[c["code"]]: {"name": country_name(c["code"], c["name"]), "labs": c["labs"]}
            for c in coverage_result["countries"]}
