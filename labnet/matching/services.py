"""Matching queries: fetch candidates through indexes, then rank them with the pure rules.

Each function makes a fixed number of SQL queries, whatever the number of candidates, and
computes geodesic distances only for candidates.
"""
import json
from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Text, and_, bindparam, cast, func, literal, null, or_, select

from labnet import authz
from labnet.catalogue.lookup import (
    EventSummary, elements_by_codes, event_keys, event_summary, event_summary_columns,
    summary_from_row, uid_key,
)
from labnet.catalogue.models import (
    Event, Method, ReferenceMaterial, event_elements, method_elements, method_events,
    reference_material_events,
)
from labnet.database import constant, today
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding, holding_validated_methods
from labnet.labs.models import Accreditation, Capability, Lab, accreditation_scope
from labnet.networks.models import Network, NetworkMembership
from labnet.matching import rules
from labnet.reference.m49 import REGION_NAMES
from labnet.reference.models import Country, Element


_labs, _countries, _holdings = Lab.__table__, Country.__table__, Holding.__table__
_materials, _networks, _events = ReferenceMaterial.__table__, Network.__table__, Event.__table__
_members, _accreditations = NetworkMembership.__table__, Accreditation.__table__

# The requesting lab and its subregion.
_REQUESTER = (
    select(_labs.c.latitude, _labs.c.longitude, _countries.c.subregion_code)
    .join(_countries, _countries.c.code == _labs.c.country_code)
    .where(_labs.c.id == bindparam("requester")))


def _current_accreditation(lab_id_column):
    """Whether the lab has a current accreditation: one index probe per candidate. (Written
    as EXISTS, PostgreSQL hashes every current accreditation of every lab instead.)"""
    return (select(literal(True))
            .where(_accreditations.c.lab_id == lab_id_column,
                   Accreditation.is_current(bindparam("today")))
            .limit(1).scalar_subquery().is_not(None))


def _columns(shape, *columns):
    """Columns labelled with the fields of the named tuple `shape` that reads them."""
    assert len(columns) == len(shape._fields), (shape, columns)
    return [column.label(name) for column, name in zip(columns, shape._fields)]


def _validated_count(holding_id_column):
    return (select(func.count()).select_from(holding_validated_methods)
            .where(holding_validated_methods.c.holding_id == holding_id_column).scalar_subquery())


@lru_cache(maxsize=None)
def _material_candidates(from_lab, certified_only, accredited_only, validated_only):
    """The shareable, in-stock, unexpired holdings of the event's materials, the whole
    match in one query: every row also carries the event (an EventSummary) and, from a lab,
    where that lab is. Built once per combination of filters.

    From a lab, there is a row per network the holder shares with it (or one with none) and
    the lab's own holdings are left out; a lab that does not exist gives no rows."""
    accredited = _current_accreditation(_holdings.c.lab_id)
    validated = _validated_count(_holdings.c.id)
    if from_lab:
        requester = _labs.alias("requester")
        requester_country = _countries.alias("requester_country")
        requester_networks = _members.alias("requester_networks")
        shared = (_members.c.network_id, func.coalesce(_networks.c.acronym, _networks.c.name))
        place = (requester.c.latitude, requester.c.longitude, requester_country.c.subregion_code)
    else:
        shared, place = (null(), null()), ()
    stmt = (
        select(*_columns(rules.MaterialCandidate, _holdings.c.id, _holdings.c.lab_id, _labs.c.name,
                         _labs.c.country_code, _labs.c.latitude, _labs.c.longitude,
                         _countries.c.subregion_code, _holdings.c.quantity, _holdings.c.unit,
                         _holdings.c.expiry_date, _materials.c.kind, _materials.c.code,
                         _holdings.c.terms, _holdings.c.mta_required, accredited, validated,
                         *shared), *event_summary_columns(), *place)
        # written in the order to join them: PostgreSQL keeps the written order of a join
        # this long (join_collapse_limit), and this one starts from the event
        .select_from(_events)
        .join(reference_material_events, reference_material_events.c.event_id == _events.c.id)
        .join(_holdings, _holdings.c.reference_material_id
              == reference_material_events.c.reference_material_id)
        .join(_labs, _labs.c.id == _holdings.c.lab_id)
        .join(_countries, _countries.c.code == _labs.c.country_code)
        .join(_materials, _materials.c.id == _holdings.c.reference_material_id)
        .where(_events.c.uid_key == bindparam("key"),
               _holdings.c.shareable.is_(True), _holdings.c.quantity >= bindparam("quantity"),
               or_(_holdings.c.expiry_date.is_(None), _holdings.c.expiry_date >= bindparam("today")))
    )
    if from_lab:
        stmt = (
            stmt.join(requester, requester.c.id == bindparam("requester"))
            .join(requester_country, requester_country.c.code == requester.c.country_code)
            .outerjoin(_members, and_(_members.c.lab_id == _holdings.c.lab_id,
                                      _members.c.network_id.in_(
                                          select(requester_networks.c.network_id).where(
                                              requester_networks.c.lab_id == bindparam("requester")))))
            .outerjoin(_networks, _networks.c.id == _members.c.network_id)
            .where(_holdings.c.lab_id != requester.c.id))
    if certified_only:
        stmt = stmt.where(_materials.c.kind == constant("certified"))
    if accredited_only:
        stmt = stmt.where(accredited)
    if validated_only:
        stmt = stmt.where(validated > constant(0))
    return stmt


def match_materials(actor, event, quantity=1, requester_lab=None, lat=None, lon=None,
                    certified_only=False, accredited_only=False, validated_only=False, limit=20):
    """Holders of the event's reference materials, ranked: one query whatever the count
    (and one or two more when there is no candidate, to tell which of the event and the
    requesting lab does not exist)."""
    authz.require(authz.can_see_private(actor), actor, "Log in to match.")
    if requester_lab is None and (lat is None or lon is None):
        raise Invalid("Say where the request comes from: requester_lab, or lat and lon.",
                      {"requester_lab": ["Give requester_lab, or lat and lon."]})
    rows = db.session.execute(
        _material_candidates(requester_lab is not None, certified_only, accredited_only,
                             validated_only),
        {"key": uid_key(event), "quantity": quantity, "today": today(),
         "requester": requester_lab}).all()
    candidate_end = len(rules.MaterialCandidate._fields)
    event_end = candidate_end + len(EventSummary._fields)
    if rows:
        event = summary_from_row(rows[0][candidate_end:event_end])
    else:
        event = event_summary(event)
    if requester_lab is None:
        origin = rules.Place(lat, lon)  # a bare point names no country, subregion or network
    elif rows:
        origin = rules.Place(*rows[0][event_end:])
    else:
        found = db.session.execute(_REQUESTER, {"requester": requester_lab}).first()
        if found is None:
            raise NotFound(f"No lab with id {requester_lab}.")
        origin = rules.Place(*found)
    total, ranked = rules.rank_materials(
        [rules.MaterialCandidate._make(row[:candidate_end]) for row in rows], origin, limit=limit)
    return {"event": event, "total": total, "matches": [
        rules.material_match(c, distance, shared, origin, REGION_NAMES)
        for c, distance, shared in ranked]}


@lru_cache(maxsize=None)
def _covering_capabilities(kind, accredited_only, turnaround_limited):
    """The validated capabilities covering some of the targets of one kind, in labs that
    take outside samples, with the lab; with accredited_only, those in the scope of a
    current accreditation only. Events are named by uid_key (so they need no lookup of
    their own), elements by id. Built once per combination of filters."""
    capabilities, methods, elements = Capability.__table__, Method.__table__, Element.__table__
    if kind == "event":
        target = (_events.c.uid_key, _events.c.unique_identifier)
        select_from = _events.join(method_events, method_events.c.event_id == _events.c.id)
        link, named = method_events, _events.c.uid_key
    else:
        target = (elements.c.id, elements.c.code)
        select_from = elements.join(method_elements, method_elements.c.element_id == elements.c.id)
        link, named = method_elements, elements.c.id
    stmt = (
        select(*_columns(rules.PartnerCapability, capabilities.c.lab_id, *target, _labs.c.name,
                         _labs.c.country_code, _labs.c.latitude, _labs.c.longitude,
                         _labs.c.turnaround_days, cast(_labs.c.matrices, Text),
                         _current_accreditation(_labs.c.id)))
        .select_from(select_from)
        .join(methods, methods.c.id == link.c.method_id)
        .join(capabilities, capabilities.c.method_id == methods.c.id)
        .join(_labs, _labs.c.id == capabilities.c.lab_id)
        .where(named.in_(bindparam("targets", expanding=True)),
               methods.c.specificity == constant(kind),
               methods.c.validation_status != constant("not_validated"),
               _labs.c.accepts_external_samples.is_(True)))
    if turnaround_limited:
        stmt = stmt.where(_labs.c.turnaround_days <= bindparam("max_turnaround_days"))
    if accredited_only:
        stmt = stmt.where(select(literal(True)).select_from(_accreditations).join(
            accreditation_scope, accreditation_scope.c.accreditation_id == _accreditations.c.id)
            .where(_accreditations.c.lab_id == capabilities.c.lab_id,
                   accreditation_scope.c.method_id == capabilities.c.method_id,
                   Accreditation.is_current(bindparam("today")))
            .exists())
    return stmt


def match_testing_partners(actor, events=(), elements=(), lat=None, lon=None, matrix=None,
                           accredited_only=False, max_turnaround_days=None, limit=20):
    """Labs that can test for the events and elements named, ranked. One query for the
    events (a second when one of them has no covering capability: is it in the catalogue?),
    two for the elements (their codes or aliases, then the capabilities)."""
    authz.require(authz.can_see_private(actor), actor, "Log in to match.")
    if not events and not elements:
        raise Invalid("Name at least one event or screening element to test for.",
                      {"events": ["Give events and/or elements."]})
    if (lat is None) != (lon is None):
        raise Invalid("Give lat and lon together.", {"lon" if lon is None else "lat": ["Missing."]})
    params = {"today": today(), "max_turnaround_days": max_turnaround_days}
    targets, capabilities = [], []  # targets: shown as typed, events first
    for kind, typed in (("event", events), ("element", elements)):
        if not typed:
            continue
        if kind == "event":
            keys = {uid_key(uid): uid for uid in typed}
        else:
            keys = {e.id: e.code for e in elements_by_codes(list(typed), "elements")}
        found = [rules.PartnerCapability._make(row) for row in db.session.execute(
            _covering_capabilities(kind, accredited_only, max_turnaround_days is not None),
            {**params, "targets": list(keys)})]
        names = {c.target_key: c.target for c in found}
        if kind == "event" and names.keys() != keys.keys():
            names = {e.uid_key: e.unique_identifier for e in event_keys(list(typed), "events")}
        targets += [names.get(key, name) for key, name in keys.items()]
        capabilities += found
    labs, covered = {}, defaultdict(set)
    for capability in capabilities:
        if matrix is None or matrix in json.loads(capability.matrices):
            labs.setdefault(capability.lab_id, capability)
            covered[capability.lab_id].add(capability.target)
    candidates = [rules.PartnerCandidate(
        lab_id=lab_id, lab_name=lab.name, country=lab.country_code,
        place=rules.Place(lab.latitude, lab.longitude), turnaround_days=lab.turnaround_days,
        accredited=bool(lab.accredited), covered=sorted(covered[lab_id]))
        for lab_id, lab in labs.items()]
    ranked = rules.rank_partners(candidates, rules.Place(lat, lon), targets, limit=limit)
    return {"total": len(candidates), "matches": ranked}


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
