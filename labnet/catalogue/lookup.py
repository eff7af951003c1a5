"""Finding catalogue entries by what users type: event UIDs, element codes or aliases."""
import json
import re
from typing import NamedTuple

from sqlalchemy import Text, bindparam, cast, func, select

from labnet.catalogue.models import Event, Method, event_elements
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.reference.models import Element, ElementAlias


def uid_key(uid: str) -> str:
    """The matching key of an OECD UID: the slashed zero is a zero; case and spaces don't count."""
    return re.sub(r"\s+", "", uid).upper().replace("Ø", "0")


def event_by_uid(uid: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.uid_key == uid_key(uid)))
    if event is None:
        raise NotFound(f"No event with the unique identifier {uid!r} is in the catalogue.")
    return event


class EventSummary(NamedTuple):
    """An event as matches show it: its identity and its elements' codes."""

    id: int
    unique_identifier: str
    name: str
    species: str
    traits: list
    elements: list[str]


_events, _elements = Event.__table__, Element.__table__
ELEMENT_SEPARATOR = "\x1f"  # no element code (shipped reference data) contains it


def event_summary_columns() -> list:
    """The columns of an EventSummary of the events row in a statement that binds the
    event's uid_key as "key"; read them with `summary_from_row`. The element codes are an
    uncorrelated subquery, so a statement carrying the event on every row reads them once."""
    named = _events.alias("named_event")
    codes = (select(func.aggregate_strings(_elements.c.code, ELEMENT_SEPARATOR))
             .select_from(event_elements)
             .join(_elements, _elements.c.id == event_elements.c.element_id)
             .join(named, named.c.id == event_elements.c.event_id)
             .where(named.c.uid_key == bindparam("key")).scalar_subquery())
    # traits as text: parsed once per answer, not once per row
    return [_events.c.id, _events.c.unique_identifier, _events.c.name, _events.c.species,
            cast(_events.c.traits, Text), codes]


def summary_from_row(values) -> EventSummary:
    event_id, uid, name, species, traits, codes = values
    return EventSummary(event_id, uid, name, species, json.loads(traits),
                        sorted(codes.split(ELEMENT_SEPARATOR)) if codes else [])


# built once: a prebuilt Core statement skips SQLAlchemy's per-call construction and caching work
_EVENT_SUMMARY = select(*event_summary_columns()).where(_events.c.uid_key == bindparam("key"))


def event_summary(uid: str) -> EventSummary:
    """The event a user typed, with its element codes, in one query."""
    row = db.session.execute(_EVENT_SUMMARY, {"key": uid_key(uid)}).first()
    if row is None:
        raise NotFound(f"No event with the unique identifier {uid!r} is in the catalogue.")
    return summary_from_row(row)


def refuse_unknown_uids(keys: dict, found, field: str = "events") -> None:
    """422 naming each UID typed (keys: uid_key -> as typed) whose key is not in found."""
    unknown = [u for k, u in keys.items() if k not in found]
    if unknown:
        raise Invalid(f"Unknown event UID: {', '.join(unknown)}.",
                      {field: [f"Unknown event UID: {u}" for u in unknown]})


def _in_typed_order(keys: dict, found: dict, field: str) -> list:
    refuse_unknown_uids(keys, found, field)
    return [found[k] for k in keys]


def events_by_uids(uids: list[str], field: str = "events") -> list[Event]:
    keys = {uid_key(u): u for u in uids}
    found = {e.uid_key: e for e in db.session.scalars(select(Event).where(Event.uid_key.in_(keys)))}
    return _in_typed_order(keys, found, field)


_EVENT_KEYS = select(_events.c.id, _events.c.unique_identifier, _events.c.name,
                     _events.c.uid_key).where(_events.c.uid_key.in_(bindparam("keys", expanding=True)))


def event_keys(uids: list[str], field: str = "events"):
    """(id, unique_identifier, name) rows of the events typed, without their elements."""
    keys = {uid_key(u): u for u in uids}
    found = {row.uid_key: row for row in db.session.execute(_EVENT_KEYS, {"keys": list(keys)})}
    return _in_typed_order(keys, found, field)


def elements_by_codes(codes: list[str], field: str = "elements") -> list[Element]:
    keys = {c.strip().lower(): c for c in codes}
    rows = db.session.execute(
        select(ElementAlias.alias_key, Element).join(Element)
        .where(ElementAlias.alias_key.in_(keys))
    ).all()
    found = {key: element for key, element in rows}
    unknown = [c for k, c in keys.items() if k not in found]
    if unknown:
        raise Invalid(f"Unknown genetic element: {', '.join(unknown)}.",
                      {field: [f"Unknown genetic element: {c}" for c in unknown]})
    unique = {}
    for key in keys:
        unique[found[key].id] = found[key]
    return list(unique.values())


def methods_by_ids(ids: list[int], field: str) -> list[Method]:
    found = {m.id: m for m in db.session.scalars(select(Method).where(Method.id.in_(ids)))}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise Invalid(f"Unknown method id: {', '.join(map(str, unknown))}.",
                      {field: [f"Unknown method id: {i}" for i in unknown]})
    return [found[i] for i in dict.fromkeys(ids)]
