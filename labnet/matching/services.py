"""Matching queries: fetch candidates through indexes, then rank them with the pure rules.

Each function makes a fixed number of SQL queries, whatever the number of candidates, and
computes geodesic distances only for candidates.
"""
from collections import defaultdict

from sqlalchemy import and_, func, or_, select

from labnet import authz
from labnet.catalogue.lookup import elements_by_codes, event_by_uid, event_keys
from labnet.catalogue.models import (
    Event, Method, ReferenceMaterial, event_elements, method_elements, method_events,
    reference_material_events,
)
from labnet.dbtypes import today
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding, holding_validated_methods
from labnet.labs.models import (
    Accreditation, Capability, Lab, Network, NetworkMembership, accreditation_scope,
)
from labnet.labs.services import current_accreditation_clause
from labnet.matching import rules
from labnet.reference.m49 import REGION_NAMES
from labnet.reference.models import Country


def _memberships(lab_ids) -> dict[int, frozenset]:
    found = defaultdict(set)
    if lab_ids:
        for lab_id, network_id in db.session.execute(
                select(NetworkMembership.lab_id, NetworkMembership.network_id)
                .where(NetworkMembership.lab_id.in_(lab_ids))):
            found[lab_id].add(network_id)
    return {lab_id: frozenset(ids) for lab_id, ids in found.items()}


def _origin(requester_lab_id=None, lat=None, lon=None) -> tuple[rules.Place, int | None]:
    """Where a request comes from: the requesting lab (one query), or a bare point."""
    if requester_lab_id is not None:
        row = db.session.execute(
            select(Lab.id, Lab.latitude, Lab.longitude, Country.subregion_code)
            .join(Country, Country.code == Lab.country_code).where(Lab.id == requester_lab_id)).first()
        if row is None:
            raise NotFound(f"No lab with id {requester_lab_id}.")
        return rules.Place(row.latitude, row.longitude, row.subregion_code), row.id
    if lat is None or lon is None:
        raise Invalid("Say where the request comes from: requester_lab, or lat and lon.",
                      {"requester_lab": ["Give requester_lab, or lat and lon."]})
    # a bare point names no country, so it has no subregion or network to prefer
    return rules.Place(lat, lon), None


def match_materials(actor, event, quantity=1, requester_lab=None, lat=None, lon=None,
                    certified_only=False, accredited_only=False, validated_only=False, limit=20):
    authz.require(authz.can_see_private(actor), actor, "Log in to match.")
    event = event_by_uid(event)
    origin, requester_id = _origin(requester_lab, lat, lon)
    materials = select(reference_material_events.c.reference_material_id).where(
        reference_material_events.c.event_id == event.id)
    accredited = current_accreditation_clause()
    validated = (select(func.count()).select_from(holding_validated_methods)
                 .where(holding_validated_methods.c.holding_id == Holding.id).scalar_subquery())
    stmt = (
        select(Holding.id, Holding.lab_id, Lab.name, Lab.country_code, Lab.latitude, Lab.longitude,
               Country.subregion_code, Holding.quantity, Holding.unit, Holding.expiry_date,
               ReferenceMaterial.kind, ReferenceMaterial.code, Holding.terms, Holding.mta_required,
               accredited.label("accredited"), validated.label("validated"))
        .join(Lab, Lab.id == Holding.lab_id).join(Country, Country.code == Lab.country_code)
        .join(ReferenceMaterial, ReferenceMaterial.id == Holding.reference_material_id)
        .where(Holding.reference_material_id.in_(materials), Holding.shareable.is_(True),
               Holding.quantity >= quantity,
               or_(Holding.expiry_date.is_(None), Holding.expiry_date >= today()))
    )
    if requester_id is not None:
        stmt = stmt.where(Holding.lab_id != requester_id)
    if certified_only:
        stmt = stmt.where(ReferenceMaterial.kind == "certified")
    if accredited_only:
        stmt = stmt.where(accredited)
    if validated_only:
        stmt = stmt.where(validated > 0)
    rows = db.session.execute(stmt).all()
    memberships = _memberships({row.lab_id for row in rows} | {requester_id} - {None})
    origin.network_ids = memberships.get(requester_id, frozenset())
    shared = set().union(*(memberships.get(r.lab_id, frozenset()) for r in rows)) & origin.network_ids
    names = dict(db.session.execute(select(Network.id, Network.acronym)
                                    .where(Network.id.in_(shared))).all()) if shared else {}
    candidates = [rules.MaterialCandidate(
        holding_id=r.id, lab_id=r.lab_id, lab_name=r.name, country=r.country_code,
        place=rules.Place(r.latitude, r.longitude, r.subregion_code,
                          memberships.get(r.lab_id, frozenset())),
        quantity=r.quantity, unit=r.unit, expiry_date=r.expiry_date, kind=r.kind,
        material_code=r.code, terms=r.terms, mta_required=r.mta_required,
        accredited=bool(r.accredited), validated_methods=r.validated,
        network_names={k: v or f"network {k}" for k, v in names.items()},
    ) for r in rows]
    ranked = rules.rank_materials(candidates, origin, REGION_NAMES, limit=limit)
    return {"event": event, "total": len(candidates), "matches": ranked}


def _covering_capabilities(event_ids, element_ids) -> list[tuple[int, int, tuple]]:
    """(lab id, method id, target) for each validated capability covering a target."""
    rows = []
    for kind, link, column, ids in (("event", method_events, "event_id", event_ids),
                                    ("element", method_elements, "element_id", element_ids)):
        if not ids:
            continue
        stmt = (select(Capability.lab_id, Capability.method_id, link.c[column])
                .join(Method, Method.id == Capability.method_id)
                .join(link, link.c.method_id == Method.id)
                .where(Method.specificity == kind, Method.validation_status != "not_validated",
                       link.c[column].in_(ids)))
        rows += [(lab, method, (kind, target)) for lab, method, target in db.session.execute(stmt)]
    return rows


def _accredited_scope(lab_ids) -> set[tuple[int, int]]:
    """(lab id, method id) pairs in the scope of a current accreditation."""
    if not lab_ids:
        return set()
    on = today()
    return set(db.session.execute(
        select(Accreditation.lab_id, accreditation_scope.c.method_id)
        .join(accreditation_scope, accreditation_scope.c.accreditation_id == Accreditation.id)
        .where(Accreditation.lab_id.in_(lab_ids), Accreditation.status == "active",
               Accreditation.valid_from <= on,
               or_(Accreditation.valid_until.is_(None), Accreditation.valid_until >= on))).all())


def match_testing_partners(actor, events=(), elements=(), lat=None, lon=None, matrix=None,
                           accredited_only=False, max_turnaround_days=None, limit=20):
    authz.require(authz.can_see_private(actor), actor, "Log in to match.")
    if not events and not elements:
        raise Invalid("Name at least one event or screening element to test for.",
                      {"events": ["Give events and/or elements."]})
    if (lat is None) != (lon is None):
        raise Invalid("Give lat and lon together.", {"lon" if lon is None else "lat": ["Missing."]})
    event_rows = event_keys(list(events), "events") if events else []
    element_rows = elements_by_codes(list(elements), "elements") if elements else []
    targets = {("event", e.id): e.unique_identifier for e in event_rows}
    targets.update({("element", e.id): e.code for e in element_rows})
    capabilities = _covering_capabilities([e.id for e in event_rows], [e.id for e in element_rows])
    lab_ids = {lab for lab, _, _ in capabilities}
    labs = {}
    if lab_ids:
        stmt = (select(Lab.id, Lab.name, Lab.country_code, Lab.latitude, Lab.longitude,
                       Lab.turnaround_days, Lab.matrices,
                       current_accreditation_clause().label("accredited"))
                .where(Lab.id.in_(lab_ids), Lab.accepts_external_samples.is_(True)))
        if max_turnaround_days is not None:
            stmt = stmt.where(and_(Lab.turnaround_days.is_not(None),
                                   Lab.turnaround_days <= max_turnaround_days))
        labs = {row.id: row for row in db.session.execute(stmt)
                if matrix is None or matrix in (row.matrices or [])}
    scope = _accredited_scope(set(labs)) if accredited_only else set()
    covered = defaultdict(set)
    for lab_id, method_id, target in capabilities:
        if lab_id in labs and (not accredited_only or (lab_id, method_id) in scope):
            covered[lab_id].add(targets[target])
    origin = rules.Place(lat, lon)
    candidates = [rules.PartnerCandidate(
        lab_id=lab_id, lab_name=labs[lab_id].name, country=labs[lab_id].country_code,
        place=rules.Place(labs[lab_id].latitude, labs[lab_id].longitude),
        turnaround_days=labs[lab_id].turnaround_days, accredited=bool(labs[lab_id].accredited),
        covered=sorted(names)) for lab_id, names in covered.items()]
    ranked = rules.rank_partners(candidates, origin, list(targets.values()))
    return {"total": len(ranked), "matches": ranked[:limit]}


def interpret_screening(positive, negative, species=None):
    """Which catalogue events could explain a screening result, and which positives none can."""
    positive_rows = elements_by_codes(positive, "positive") if positive else []
    negative_rows = elements_by_codes(negative, "negative") if negative else []
    both = {e.code for e in positive_rows} & {e.code for e in negative_rows}
    if both:
        raise Invalid("An element cannot be both positive and negative.",
                      {"negative": [f"{code} is also listed as positive." for code in sorted(both)]})
    positive_ids = {e.id for e in positive_rows}
    stmt = (select(Event.id).join(event_elements, event_elements.c.event_id == Event.id)
            .where(event_elements.c.element_id.in_(positive_ids)))
    if species:
        stmt = stmt.where(Event.species.ilike(species.strip()))
    event_ids = set(db.session.scalars(stmt))
    events = db.session.scalars(select(Event).where(Event.id.in_(event_ids))).all() if event_ids else []
    candidates, unexplained = rules.interpret(
        positive_ids, {e.id for e in negative_rows},
        [(event, {el.id for el in event.elements}) for event in events])
    codes = {e.id: e.code for e in positive_rows}
    return {
        "candidates": [{"unique_identifier": event.unique_identifier, "name": event.name,
                        "species": event.species,
                        "matched_elements": sorted(codes[i] for i in matched)}
                       for event, matched in candidates],
        "unexplained_positives": sorted(codes[i] for i in unexplained),
    }
