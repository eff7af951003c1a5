"""Hand-built SQL of the matching hot paths, and the shapes of the rows it returns.

Why hand-built: material matching and testing-partner search are held to "labnet ÷ floor"
<= 2.5 in benchmarks/RESULTS.md (materials 2.07 on SQLite and 2.09 on PostgreSQL, partners
1.64 and 1.32), and at these sizes building an ORM statement per call costs more than
running it (0.15 ms against 0.02 ms for a lookup by id). So the statements here are Core
statements over the tables, built once per combination of filters with bound parameters,
and their rows are read by position into named tuples (a named tuple's field reads ten
times faster than a row's attribute). Constants are written into the SQL so PostgreSQL's
cached generic plans can weigh them. Everything else in matching uses the ORM.
"""
import json
from functools import cache
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import Text, and_, bindparam, cast, func, literal, null, or_, select

from labnet.catalogue.lookup import refuse_unknown_uids, uid_key
from labnet.catalogue.models import (
    Event,
    Method,
    ReferenceMaterial,
    event_elements,
    method_elements,
    method_events,
    reference_material_events,
)
from labnet.database import constant
from labnet.errors import NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding, holding_validated_methods
from labnet.labs.models import Accreditation, Capability, Lab, accreditation_scope
from labnet.networks.models import MEMBER, Network, NetworkMembership
from labnet.proficiency.models import ProficiencyTest
from labnet.reference.models import Country, Element

_labs, _countries, _holdings = Lab.__table__, Country.__table__, Holding.__table__
_materials, _networks, _events = ReferenceMaterial.__table__, Network.__table__, Event.__table__
_members, _accreditations = NetworkMembership.__table__, Accreditation.__table__
_capabilities, _methods, _elements = Capability.__table__, Method.__table__, Element.__table__


# The shapes of the rows. Named tuples: their fields read ten times faster than a row's.

class EventSummary(NamedTuple):
    """An event as matches show it: its identity and its elements' codes."""

    id: int
    unique_identifier: str
    name: str
    species: str
    traits: list
    elements: list[str]


class MaterialCandidate(NamedTuple):
    """A shareable holding of the event, a row per network it shares with the requester."""

    id: int
    lab_id: int
    name: str  # the lab's
    country_code: str
    latitude: float | None
    longitude: float | None
    subregion_code: str | None
    quantity: int
    unit: str
    expiry_date: object
    kind: str
    code: str  # the material's
    terms: str
    mta_required: bool
    accredited: bool
    validated: int  # methods validated with this lot
    shared_network: int | None  # one of the requester's networks the holder is in
    shared_network_name: str | None  # its acronym, or its name


class RequesterPlace(NamedTuple):
    """Where the requesting lab is, and its M49 subregion."""

    latitude: float | None
    longitude: float | None
    subregion_code: str | None


class MaterialRows(NamedTuple):
    """A material match as fetched: the candidates, and the event and the requesting lab's
    place as they rode with the first row (None when there was no row, or no lab)."""

    candidates: list[MaterialCandidate]
    event: EventSummary | None
    requester: RequesterPlace | None


class PartnerCapability(NamedTuple):
    """A capability covering a target, with its lab."""

    lab_id: int
    target_key: object  # the event's uid_key, or the element's id
    target: str  # the event's unique identifier, or the element's code
    name: str  # the lab's
    country_code: str
    latitude: float | None
    longitude: float | None
    turnaround_days: int | None
    matrices: str  # as JSON text, read only when a matrix is asked for
    accredited: bool


def _columns(shape, *columns):
    """Columns labelled with the fields of the named tuple `shape` that reads them."""
    assert len(columns) == len(shape._fields), (shape, columns)
    return [column.label(name) for column, name in zip(columns, shape._fields, strict=True)]


# events

ELEMENT_SEPARATOR = "\x1f"  # no element code (shipped reference data) contains it


def _event_summary_columns() -> list:
    """The columns of an EventSummary of the events row in a statement that binds the
    event's uid_key as "key"; read them with `_summary_from_row`. The element codes are an
    uncorrelated subquery, so a statement carrying the event on every row reads them once."""
    named = _events.alias("named_event")
    codes = (select(func.aggregate_strings(_elements.c.code, ELEMENT_SEPARATOR))
             .select_from(event_elements)
             .join(_elements, _elements.c.id == event_elements.c.element_id)
             .join(named, named.c.id == event_elements.c.event_id)
             .where(named.c.uid_key == bindparam("key"),
                    event_elements.c.state == constant("present")).scalar_subquery())
    # traits as text: parsed once per answer, not once per row
    return [_events.c.id, _events.c.unique_identifier, _events.c.name, _events.c.species,
            cast(_events.c.traits, Text), codes]


def _summary_from_row(values) -> EventSummary:
    event_id, uid, name, species, traits, codes = values
    return EventSummary(event_id, uid, name, species, json.loads(traits),
                        sorted(codes.split(ELEMENT_SEPARATOR)) if codes else [])


_EVENT_SUMMARY = select(*_event_summary_columns()).where(_events.c.uid_key == bindparam("key"))


def event_summary(uid: str) -> EventSummary:
    """The event a user typed, with its element codes, in one query."""
    row = db.session.execute(_EVENT_SUMMARY, {"key": uid_key(uid)}).first()
    if row is None:
        raise NotFound(_("No event with the unique identifier %(uid)s is in the catalogue.",
                         uid=repr(uid)))
    return _summary_from_row(row)


_EVENT_KEYS = select(_events.c.id, _events.c.unique_identifier, _events.c.name,
                     _events.c.uid_key).where(_events.c.uid_key.in_(bindparam("keys", expanding=True)))


def event_keys(uids: list[str], field: str = "events") -> list:
    """(id, unique_identifier, name, uid_key) rows of the events typed, in the order typed,
    without their elements; 422 naming any UID not in the catalogue."""
    keys = {uid_key(u): u for u in uids}
    found = {row.uid_key: row for row in db.session.execute(_EVENT_KEYS, {"keys": list(keys)})}
    refuse_unknown_uids(keys, found, field)
    return [found[k] for k in keys]


# material matching

def _current_accreditation(lab_id_column):
    """Whether the lab has a current accreditation: one index probe per candidate. (Written
    as EXISTS, PostgreSQL hashes every current accreditation of every lab instead.)"""
    return (select(literal(True))
            .where(_accreditations.c.lab_id == lab_id_column,
                   Accreditation.is_verified_current(bindparam("today")))
            .limit(1).scalar_subquery().is_not(None))


def _validated_count(holding_id_column):
    return (select(func.count()).select_from(holding_validated_methods)
            .where(holding_validated_methods.c.holding_id == holding_id_column).scalar_subquery())


@cache
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
        select(*_columns(MaterialCandidate, _holdings.c.id, _holdings.c.lab_id, _labs.c.name,
                         _labs.c.country_code, _labs.c.latitude, _labs.c.longitude,
                         _countries.c.subregion_code, _holdings.c.quantity, _holdings.c.unit,
                         _holdings.c.expiry_date, _materials.c.kind, _materials.c.code,
                         _holdings.c.terms, _holdings.c.mta_required, accredited, validated,
                         *shared), *_event_summary_columns(), *place)
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
               _holdings.c.archived_at.is_(None), _labs.c.archived_at.is_(None),
               _holdings.c.shareable.is_(True), _holdings.c.quantity >= bindparam("quantity"),
               or_(_holdings.c.expiry_date.is_(None), _holdings.c.expiry_date >= bindparam("today")))
    )
    if from_lab:
        stmt = (
            stmt.join(requester, requester.c.id == bindparam("requester"))
            .join(requester_country, requester_country.c.code == requester.c.country_code)
            .outerjoin(_members, and_(_members.c.lab_id == _holdings.c.lab_id,
                                      _members.c.status == constant(MEMBER),
                                      _members.c.network_id.in_(
                                          select(requester_networks.c.network_id).where(
                                              requester_networks.c.lab_id == bindparam("requester"),
                                              requester_networks.c.status == constant(MEMBER)))))
            .outerjoin(_networks, _networks.c.id == _members.c.network_id)
            .where(_holdings.c.lab_id != requester.c.id))
    if certified_only:
        stmt = stmt.where(_materials.c.kind == constant("certified"))
    if accredited_only:
        stmt = stmt.where(accredited)
    if validated_only:
        stmt = stmt.where(validated > constant(0))
    return stmt


_CANDIDATE_END = len(MaterialCandidate._fields)
_EVENT_END = _CANDIDATE_END + len(EventSummary._fields)


def material_candidates(event: str, quantity: int, today, requester_lab: int | None,
                        certified_only: bool, accredited_only: bool,
                        validated_only: bool) -> MaterialRows:
    """The candidate holdings of a material match, in one query."""
    rows = db.session.execute(
        _material_candidates(requester_lab is not None, certified_only, accredited_only,
                             validated_only),
        {"key": uid_key(event), "quantity": quantity, "today": today,
         "requester": requester_lab}).all()
    if not rows:
        return MaterialRows([], None, None)
    first = rows[0]
    return MaterialRows(
        [MaterialCandidate._make(row[:_CANDIDATE_END]) for row in rows],
        _summary_from_row(first[_CANDIDATE_END:_EVENT_END]),
        RequesterPlace._make(first[_EVENT_END:]) if requester_lab is not None else None)


_REQUESTER = (
    select(_labs.c.latitude, _labs.c.longitude, _countries.c.subregion_code)
    .join(_countries, _countries.c.code == _labs.c.country_code)
    .where(_labs.c.id == bindparam("requester")))


def requester_place(lab_id: int) -> RequesterPlace | None:
    """Where a lab is, or None when there is no such lab (asked only when a match found no
    candidate to carry it)."""
    row = db.session.execute(_REQUESTER, {"requester": lab_id}).first()
    return None if row is None else RequesterPlace._make(row)


# testing partners

@cache
def _covering_capabilities(kind, accredited_only, turnaround_limited):
    """The validated capabilities covering some of the targets of one kind, in labs that
    take outside samples, with the lab; with accredited_only, those in the scope of a
    current accreditation only. Events are named by uid_key (so they need no lookup of
    their own), elements by id. Built once per combination of filters."""
    if kind == "event":
        target = (_events.c.uid_key, _events.c.unique_identifier)
        select_from = _events.join(method_events, method_events.c.event_id == _events.c.id)
        link, named = method_events, _events.c.uid_key
    else:
        target = (_elements.c.id, _elements.c.code)
        select_from = _elements.join(method_elements,
                                     method_elements.c.element_id == _elements.c.id)
        link, named = method_elements, _elements.c.id
    stmt = (
        select(*_columns(PartnerCapability, _capabilities.c.lab_id, *target, _labs.c.name,
                         _labs.c.country_code, _labs.c.latitude, _labs.c.longitude,
                         _labs.c.turnaround_days, cast(_labs.c.matrices, Text),
                         _current_accreditation(_labs.c.id)))
        .select_from(select_from)
        .join(_methods, _methods.c.id == link.c.method_id)
        .join(_capabilities, _capabilities.c.method_id == _methods.c.id)
        .join(_labs, _labs.c.id == _capabilities.c.lab_id)
        .where(named.in_(bindparam("targets", expanding=True)),
               _methods.c.specificity == constant(kind),
               _methods.c.validation_status != constant("not_validated"),
               _labs.c.accepts_external_samples.is_(True), _labs.c.archived_at.is_(None)))
    if turnaround_limited:
        stmt = stmt.where(_labs.c.turnaround_days <= bindparam("max_turnaround_days"))
    if accredited_only:
        stmt = stmt.where(select(literal(True)).select_from(_accreditations).join(
            accreditation_scope, accreditation_scope.c.accreditation_id == _accreditations.c.id)
            .where(_accreditations.c.lab_id == _capabilities.c.lab_id,
                   accreditation_scope.c.method_id == _capabilities.c.method_id,
                   Accreditation.is_verified_current(bindparam("today")))
            .exists())
    return stmt


def covering_capabilities(kind: str, targets: list, today, accredited_only: bool,
                          max_turnaround_days: int | None) -> list[PartnerCapability]:
    """The capabilities covering `targets` (uid_keys of events, or ids of elements), in
    one query."""
    return [PartnerCapability._make(row) for row in db.session.execute(
        _covering_capabilities(kind, accredited_only, max_turnaround_days is not None),
        {"today": today, "max_turnaround_days": max_turnaround_days, "targets": targets})]


# proficiency tests: asked only when a partner search gives pt_within_years, for the labs it
# already found (a handful), so the search without it does no more work than before

class SatisfactoryTest(NamedTuple):
    lab_id: int
    id: int
    provider: str
    scheme: str
    round: str
    date: object
    targets: list
    z_score: float | None


_SATISFACTORY = select(
    ProficiencyTest.lab_id, ProficiencyTest.id, ProficiencyTest.provider, ProficiencyTest.scheme,
    ProficiencyTest.round, ProficiencyTest.date, ProficiencyTest.targets, ProficiencyTest.z_score,
).where(ProficiencyTest.lab_id.in_(bindparam("labs", expanding=True)),
        ProficiencyTest.result == constant("satisfactory"),
        ProficiencyTest.date >= bindparam("since")
        ).order_by(ProficiencyTest.date.desc(), ProficiencyTest.id.desc())


def satisfactory_tests(lab_ids: list[int], since) -> list[SatisfactoryTest]:
    """The labs' satisfactory proficiency-test results dated `since` or later, newest first
    (the index on lab, result and date answers it)."""
    if not lab_ids:
        return []
    return [SatisfactoryTest._make(row) for row in db.session.execute(
        _SATISFACTORY, {"labs": list(lab_ids), "since": since})]
