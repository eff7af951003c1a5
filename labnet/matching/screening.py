"""Screening interpretation: which catalogue events could explain a screening result.

A result names elements, or the methods (assays) that target them, found positive or
negative, and the controls: the virus-specific assays `CaMV` and `FMV`, and `taxon`, the
plant reference gene. An event's record says of each element that it is present, absent, or
nothing (unknown): an unknown cell is never read as absent.

The rule (`interpret`) is a pure function over events and their known cells, held to a
brute-force reference in tests/matching/test_rules_brute_force.py.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from labnet.catalogue.lookup import find_elements, find_methods
from labnet.catalogue.models import Event, event_components, event_elements
from labnet.database import today
from labnet.errors import Invalid
from labnet.extensions import db
from labnet.reference.eu import EU, EU_MEMBER_STATES
from labnet.reference.models import Country
from labnet.reference.species import canonical_species
from labnet.web.labels import label

CONTROLS = {"camv": "CaMV", "fmv": "FMV", "taxon": "taxon"}
# a promoter taken from a plant virus, and the virus-specific assay that tells infection apart
VIRUS_CONTROLS = {"P-35S": ("CaMV", _l("cauliflower mosaic virus")),
                  "P-FMV": ("FMV", _l("figwort mosaic virus"))}
NO_RECORD = "no_record"


@dataclass
class Reading:
    """A screening result as typed, read into elements and controls."""

    positive: dict = field(default_factory=dict)  # element id -> element
    negative: dict = field(default_factory=dict)
    controls: dict = field(default_factory=dict)  # CaMV|FMV|taxon -> positive|negative
    read_as: list = field(default_factory=list)  # (method code, element codes) as read


@dataclass
class Row:
    """An event's known cells, with a stack's filled in from its components."""

    event: object
    present: set
    absent: set


def read_result(positive: list[str], negative: list[str]) -> Reading:
    """Sort what was typed into controls, elements (code or alias) and method codes (an
    element-specific assay stands for the elements it targets; a taxon assay is the taxon
    control); 422 naming what is none of them."""
    reading = Reading()
    typed = [(t, "positive") for t in positive] + [(t, "negative") for t in negative]
    rest = [t for t, _ in typed if t.strip().lower() not in CONTROLS]
    elements = find_elements(rest)
    methods = find_methods([t for t in rest if t not in elements])
    errors: dict[str, list] = {}
    for text, outcome in typed:
        control = CONTROLS.get(text.strip().lower())
        if control is None and text in methods and methods[text].specificity == "taxon":
            control = "taxon"
            reading.read_as.append((methods[text].code, ["taxon"]))
        if control is not None:
            if reading.controls.get(control, outcome) != outcome:
                errors.setdefault(outcome, []).append(
                    _("The %(control)s control cannot be both positive and negative.", control=control))
            reading.controls[control] = outcome
            continue
        found = [elements[text]] if text in elements else []
        if text in methods:
            method = methods[text]
            if method.specificity != "element" or not method.elements:
                errors.setdefault(outcome, []).append(
                    _("%(method)s is a %(specificity)s method: a screening reads element-specific "
                      "assays; give the element it targets.", method=method.code,
                      specificity=label(method.specificity)))
                continue
            found = list(method.elements)
            reading.read_as.append((method.code, [e.code for e in found]))
        if not found:
            errors.setdefault(outcome, []).append(
                _("Unknown element, method code or control: %(text)s.", text=text))
        for element in found:
            getattr(reading, outcome)[element.id] = element
    both = sorted(e.code for i, e in reading.positive.items() if i in reading.negative)
    if both:
        errors.setdefault("negative", []).extend(
            _("%(code)s is also listed as positive.", code=c) for c in both)
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first if len(errors) == 1 and len(next(iter(errors.values()))) == 1
                      else _("Some screening results could not be read."), errors)
    return reading


def _rows(events) -> list[Row]:
    """Each event's known cells; a stack's own cells first, then what its components say (a
    component carrying an element makes the stack carry it; all of them lacking it, lacking)."""
    rows = []
    for event in events:
        present = {c.element_id for c in event.cells if c.state == "present"}
        absent = {c.element_id for c in event.cells if c.state == "absent"}
        if event.components:
            parts = [({c.element_id for c in p.cells if c.state == "present"},
                      {c.element_id for c in p.cells if c.state == "absent"})
                     for p in event.components]
            carried = set().union(*(p for p, _ in parts)) - absent
            lacking = set.intersection(*(a for _element, a in parts)) - present
            present |= carried
            absent |= lacking - carried
        rows.append(Row(event, present, absent))
    return rows


def interpret(positive: set[int], negative: set[int], rows: list[Row]) -> tuple[list, set]:
    """Candidates: events known to carry a positive element and not known to carry a negative
    one, each with the positives it explains and the result's elements its record leaves
    unknown; ordered by more positives explained, then fewer unknowns, then UID. Also the
    positives that no candidate is known to carry."""
    result = positive | negative
    candidates, explained = [], set()
    for row in rows:
        matched = row.present & positive
        if matched and not row.present & negative:
            candidates.append((row, matched, result - row.present - row.absent))
            explained |= matched
    candidates.sort(key=lambda c: (-len(c[1]), len(c[2]), c[0].event.unique_identifier))
    return candidates, positive - explained


def authorisation_in(event, country: str, on) -> tuple[str, object]:
    """The event's status in a country (an EU member state takes the EU's decision when it has
    none of its own): the latest record's status, `expired` once an authorisation's term has
    passed, or `no_record`, which is not a refusal."""
    for jurisdiction in (country, EU if country in EU_MEMBER_STATES else None):
        records = [a for a in event.authorisations if a.jurisdiction == jurisdiction]
        if records:
            record = max(records, key=lambda a: (a.decided_on or on.min, a.id))
            status = record.status
            if status == "authorised" and record.valid_until and record.valid_until < on:
                status = "expired"
            return status, record
    return NO_RECORD, None


def _warnings(reading: Reading, candidates, unexplained: set, codes: dict) -> list[str]:
    warnings = []
    for element in sorted(reading.positive.values(), key=lambda e: e.code):
        if element.code not in VIRUS_CONTROLS:
            continue
        control, virus = VIRUS_CONTROLS[element.code]
        if reading.controls.get(control) == "positive":
            warnings.append(_("The %(control)s control is positive: the %(element)s signal may "
                              "come from %(virus)s in the plant material rather than from a GMO.",
                              control=control, element=element.code, virus=_(virus)))
        elif reading.controls.get(control) != "negative":
            warnings.append(_("%(element)s is positive without a negative %(control)s control: "
                              "the signal may come from %(virus)s infecting the plant material; a "
                              "negative %(control)s-specific assay rules that out.",
                              control=control, element=element.code, virus=_(virus)))
    if reading.controls.get("taxon") == "negative":
        warnings.append(_("The plant reference gene (taxon) is negative: the sample gave no "
                          "amplifiable plant DNA, so the test is invalid and its negative "
                          "results prove nothing. Extract and test again."))
    for element_id in sorted(unexplained, key=codes.get):
        silent = [row.event for row, _, unknown in candidates if element_id in unknown]
        if silent:
            named = ", ".join(f"{e.name} ({e.unique_identifier})" for e in silent)
            warnings.append(_("%(element)s is carried by no candidate as far as the catalogue "
                              "knows, but the record of %(events)s does not say whether it "
                              "carries %(element)s: it may explain it.",
                              element=codes[element_id], events=named))
        else:
            warnings.append(_("%(element)s is explained by no catalogue event: this points to an "
                              "unknown or unauthorised LMO.", element=codes[element_id]))
    return warnings


def interpret_screening(positive, negative, species=None, country=None):
    """Which catalogue events could explain a screening result, which positives none is known
    to, and what the controls say about the result."""
    reading = read_result(list(positive or []), list(negative or []))
    if species:
        typed, species = species, canonical_species(species)
        if species is None:
            raise Invalid(_("Unknown species %(species)s.", species=repr(typed)),
                          {"species": [_("Unknown species.")]})
    if country:
        country = country.strip().upper()
        if db.session.get(Country, country) is None:
            raise Invalid(_("Unknown country %(country)s.", country=repr(country)),
                          {"country": [_("An ISO 3166-1 alpha-2 country code.")]})
    positive_ids = set(reading.positive)
    carriers = select(event_elements.c.event_id).where(
        event_elements.c.element_id.in_(positive_ids), event_elements.c.state == "present")
    stacks = select(event_components.c.stack_id).where(
        event_components.c.component_id.in_(carriers))
    stmt = select(Event).where(or_(Event.id.in_(carriers), Event.id.in_(stacks)))
    if species:
        stmt = stmt.where(Event.species == species)
    events = db.session.scalars(stmt).all() if positive_ids else []
    candidates, unexplained = interpret(positive_ids, set(reading.negative), _rows(events))
    codes = {i: e.code for i, e in (reading.positive | reading.negative).items()}
    on = today()
    answers = []
    for row, matched, unknown in candidates:
        event = row.event
        answer = {"unique_identifier": event.unique_identifier, "name": event.name,
                  "species": event.species, "matched_elements": sorted(codes[i] for i in matched),
                  "unknown_elements": sorted(codes[i] for i in unknown),
                  "components": [c.unique_identifier for c in event.components]}
        if country:
            status, record = authorisation_in(event, country, on)
            answer["authorisation"] = status
            answer["authorisation_record"] = record
        answers.append(answer)
    return {
        "candidates": answers,
        "unexplained_positives": sorted(codes[i] for i in unexplained),
        "warnings": _warnings(reading, candidates, unexplained, codes),
        "valid": reading.controls.get("taxon") != "negative",
        "positive": sorted(e.code for e in reading.positive.values()),
        "negative": sorted(e.code for e in reading.negative.values()),
        "controls": reading.controls,
        "read_as": [{"method": code, "elements": elements} for code, elements in reading.read_as],
        "country": country or None,
    }


def screened_species() -> list[str]:
    """The species of the catalogue's events, for narrowing a screening down."""
    return db.session.scalars(select(Event.species).distinct().order_by(Event.species)).all()
