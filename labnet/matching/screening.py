"""Screening interpretation: which catalogue events could explain a screening result.

The rule (`interpret`) is a pure function over events and their element ids, held to a
brute-force reference in tests/matching/test_rules_brute_force.py.
"""
from sqlalchemy import select

from labnet.catalogue.lookup import elements_by_codes
from labnet.catalogue.models import Event, event_elements
from labnet.errors import Invalid
from labnet.extensions import db


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
    candidates, unexplained = interpret(
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


def interpret(positive: set[int], negative: set[int], events: list[tuple]) -> tuple[list, set]:
    """events: (event, element ids). Candidates carry a positive and no negative element."""
    candidates, explained = [], set()
    for event, elements in events:
        matched = elements & positive
        if matched and not (elements & negative):
            candidates.append((event, matched))
            explained |= matched
    candidates.sort(key=lambda c: (-len(c[1]), c[0].unique_identifier))
    return candidates, positive - explained


def screened_species() -> list[str]:
    """The species of the catalogue's events, for narrowing a screening down."""
    return db.session.scalars(select(Event.species).distinct().order_by(Event.species)).all()
