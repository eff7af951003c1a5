"""Finding catalogue entries by what users type: events by UID, name or alias; element codes
or aliases; method codes.

An event is named as people name it: its OECD UID (the slashed zero is a zero, a stack's `×`
may be typed `x`, case and spaces don't count), its name (`MON810`) or an alias
(`YieldGard`). A name that finds nothing is refused with up to five close names.
"""
import difflib
import re

from flask_babel import gettext as _
from sqlalchemy import event as orm_event
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from labnet.catalogue.models import Event, EventAlias, Method, event_components
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.reference.models import Element, ElementAlias

SUGGESTIONS = 5


def uid_key(uid: str) -> str:
    """The matching key of an OECD UID: the slashed zero is a zero, the multiplication sign of
    a stack is an x; case and spaces don't count."""
    return re.sub(r"\s+", "", uid).upper().replace("Ø", "0").replace("×", "X")


# an OECD UID as uid_key writes it (developer code, event code, check digit), and a stack of
# them; names ("MON810", "GTS 40-3-2", "A2704-12") have another shape
_UID = r"[A-Z0-9]{2,3}-[A-Z0-9]{4,8}-[0-9]"
_UID_KEY = re.compile(rf"{_UID}(X{_UID})*")
_STACK_KEY = re.compile(rf"{_UID}(X{_UID})+")


def is_uid_key(key: str) -> bool:
    """The key has the shape of a UID (or of a stack of UIDs), not of a name."""
    return _UID_KEY.fullmatch(key) is not None


def is_stack_key(key: str) -> bool:
    """The key has the shape of a stack's UID: single UIDs joined by x."""
    return _STACK_KEY.fullmatch(key) is not None


def name_key(name: str) -> str:
    """The matching key of an event's name or alias: case, spaces, hyphens, dots and
    underscores don't count (`MON 810`, `mon810`), the slashed zero is a zero."""
    return re.sub(r"[\s\-_.]+", "", name.casefold()).replace("ø", "0").replace("×", "x")


@orm_event.listens_for(Event.unique_identifier, "set")
def _keep_uid_key(event, value, old, initiator):
    event.uid_key = uid_key(value)


@orm_event.listens_for(Event.name, "set")
def _keep_name_key(event, value, old, initiator):
    event.name_key = name_key(value)


def _near_key(key: str) -> str:
    """The key suggestions are found on: a letter O typed for the slashed zero is close."""
    return key.lower().replace("o", "0")


def suggestions(typed: str) -> list[dict]:
    """Up to five events whose UID, name or alias is close to what was typed."""
    near: dict[str, set] = {}
    rows = db.session.execute(select(Event.id, Event.uid_key, Event.name_key)).all()
    for row in rows:
        near.setdefault(_near_key(row.uid_key), set()).add(row.id)
        near.setdefault(_near_key(row.name_key), set()).add(row.id)
    for row in db.session.execute(select(EventAlias.event_id, EventAlias.alias_key)):
        near.setdefault(_near_key(row.alias_key), set()).add(row.event_id)
    wanted = [_near_key(uid_key(typed)), _near_key(name_key(typed))]
    ids: list[int] = []
    for key in wanted:
        for close in difflib.get_close_matches(key, list(near), n=SUGGESTIONS, cutoff=0.7):
            ids += [i for i in sorted(near[close]) if i not in ids]
    events = {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))}
    return [{"unique_identifier": events[i].unique_identifier, "name": events[i].name}
            for i in ids[:SUGGESTIONS]]


def find_events(typed: list[str]) -> dict[str, Event]:
    """The events named, by what was typed: a UID first, then a name, then an alias; a name
    two events share finds neither."""
    if not typed:
        return {}
    uids = {uid_key(t) for t in typed}
    names = {name_key(t) for t in typed}
    by_alias = select(EventAlias.event_id).where(EventAlias.alias_key.in_(names))
    events = db.session.scalars(select(Event).where(or_(
        Event.uid_key.in_(uids), Event.name_key.in_(names), Event.id.in_(by_alias)))).all()
    by_uid = {e.uid_key: e for e in events}
    by_name: dict[str, list] = {}
    for event in events:
        by_name.setdefault(event.name_key, []).append(event)
        for alias in event.aliases:
            by_name.setdefault(alias.alias_key, []).append(event)
    found = {}
    for text in typed:
        event = by_uid.get(uid_key(text))
        if event is None:
            named = by_name.get(name_key(text), [])
            event = named[0] if len(named) == 1 else None
        if event is not None:
            found[text] = event
    return found


def refuse_unknown_events(typed: list[str], field: str = "events", refusal=Invalid) -> None:
    """Refuse (422 unless told) naming each event typed that is not in the catalogue, with
    the events close to the first of them."""
    if not typed:
        return
    close = suggestions(typed[0])
    hint = ""
    if close:
        hint = " Did you mean " + " or ".join(
            f"{c['name']} ({c['unique_identifier']})" for c in close) + "?"
    raise refusal(f"No event named {', '.join(typed)} is in the catalogue.{hint}",
                  {field: [f"Unknown event: {t}" for t in typed]}, suggestions=close)


def events_by_names(typed: list[str], field: str = "events") -> list[Event]:
    """The events named (UID, name or alias), in the order typed and each once; 422 naming
    those not in the catalogue."""
    found = find_events(list(typed))
    refuse_unknown_events([t for t in typed if t not in found], field)
    return list({found[t].id: found[t] for t in typed}.values())


def event_by_name(typed: str, field: str = "event", refusal=Invalid) -> Event:
    """The event named (UID, name or alias); refused (422, or 404 when told) with suggestions
    when none is."""
    event = find_events([typed]).get(typed)
    if event is None:
        refuse_unknown_events([typed], field, refusal)
    return event


def canonical_uids(typed: list[str], field: str = "events") -> list[str]:
    """The catalogue's UIDs of the events named, in the order typed."""
    return [e.unique_identifier for e in events_by_names(typed, field)]


def event_by_uid(uid: str) -> Event:
    """The event named (UID, name or alias), or 404 with suggestions."""
    return event_by_name(uid, "event", NotFound)


def refuse_unknown_uids(keys: dict, found, field: str = "events") -> None:
    """422 naming each event typed (keys: uid_key -> as typed) whose key is not in found."""
    refuse_unknown_events([u for k, u in keys.items() if k not in found], field)


def events_by_uids(uids: list[str], field: str = "events") -> list[Event]:
    return events_by_names(uids, field)


def find_elements(codes: list[str]) -> dict[str, Element]:
    """The elements named by code or alias (case-insensitive), by what was typed; those that
    name none are left out."""
    if not codes:
        return {}
    keys = {c.strip().lower() for c in codes}
    rows = db.session.execute(
        select(ElementAlias.alias_key, Element).join(Element)
        .where(ElementAlias.alias_key.in_(keys))
    ).all()
    found = {row.alias_key: row.Element for row in rows}
    return {c: found[c.strip().lower()] for c in codes if c.strip().lower() in found}


def element_map(codes: list[str], field: str = "elements") -> dict[str, Element]:
    """The element each code or alias typed names, by what was typed; 422 naming the unknown."""
    found = find_elements(codes)
    unknown = list(dict.fromkeys(c for c in codes if c not in found))
    if unknown:
        raise Invalid(_("Unknown genetic element: %(codes)s.", codes=", ".join(unknown)),
                      {field: [_("Unknown genetic element: %(code)s", code=c) for c in unknown]})
    return found


def elements_by_codes(codes: list[str], field: str = "elements") -> list[Element]:
    """The elements named, each once, in the order typed."""
    return list({e.id: e for e in element_map(codes, field).values()}.values())


def find_methods(codes: list[str]) -> dict[str, Method]:
    """The methods with these codes (case and surrounding spaces don't count), by what was
    typed; codes that name none are left out."""
    if not codes:
        return {}
    keys = {c.strip().upper() for c in codes}
    found = {m.code.upper(): m for m in db.session.scalars(
        select(Method).where(func.upper(Method.code).in_(keys)))}
    return {c: found[c.strip().upper()] for c in codes if c.strip().upper() in found}


def methods_by_ids(ids: list[int], field: str) -> list[Method]:
    found = {m.id: m for m in db.session.scalars(select(Method).where(Method.id.in_(ids)))}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise Invalid(_("Unknown method id: %(ids)s.", ids=", ".join(map(str, unknown))),
                      {field: [_("Unknown method id: %(id)s", id=i) for i in unknown]})
    return [found[i] for i in dict.fromkeys(ids)]


def stack_components() -> dict[str, tuple[int, set[int]]]:
    """Every stack in the catalogue: its UID -> (its id, the ids of its single events). Reads
    the stacks' links alone first (few rows), so the work grows with the stacks, not with the
    events; their UIDs only when there are any."""
    links = db.session.execute(select(event_components.c.stack_id,
                                      event_components.c.component_id)).all()
    if not links:
        return {}
    uids = dict(db.session.execute(select(Event.id, Event.unique_identifier)
                                   .where(Event.id.in_({stack_id for stack_id, _ in links}))).all())
    stacks: dict[str, tuple[int, set[int]]] = {}
    for stack_id, part_id in links:
        stacks.setdefault(uids[stack_id], (stack_id, set()))[1].add(part_id)
    return stacks


def stacks_among(keys: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """Of the events with these uid_keys: the keys found, and for the stacks among them the
    UIDs of their single events by the stack's UID. One query."""
    part = aliased(Event)
    found: set[str] = set()
    parts: dict[str, list[str]] = {}
    for key, stack_uid, part_uid in db.session.execute(
            select(Event.uid_key, Event.unique_identifier, part.unique_identifier)
            .outerjoin(event_components, event_components.c.stack_id == Event.id)
            .outerjoin(part, part.id == event_components.c.component_id)
            .where(Event.uid_key.in_(keys)).order_by(part.unique_identifier)):
        found.add(key)
        if part_uid is not None:
            parts.setdefault(stack_uid, []).append(part_uid)
    return found, parts
