"""Catalogue operations: events, methods and reference materials (admin writes, public reads)."""
from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from labnet import authz
from labnet.audit.services import delete_recorded, record_change, record_update, snapshot
from labnet.catalogue.lookup import element_map, elements_by_codes, event_by_name, events_by_names, name_key, uid_key
from labnet.catalogue.models import (
    Authorisation,
    Event,
    EventAlias,
    EventElement,
    Method,
    ReferenceMaterial,
    Source,
    event_components,
    event_elements,
    method_elements,
    method_events,
    reference_material_events,
)
from labnet.database import check_version, contains, get_or_404
from labnet.errors import Conflict, Invalid, NotFound
from labnet.extensions import db
from labnet.reference.eu import EU
from labnet.reference.models import Country, Element


def _element_id(code: str) -> int:
    return elements_by_codes([code], "element")[0].id


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def event_query(q=None, species=None, element=None):
    """Events whose UID, name or an alias holds `q` (as the lookup folds them), of a species
    (canonical name), known to carry an element."""
    stmt = select(Event).order_by(Event.unique_identifier)
    if q:
        names = _like(name_key(q))
        stmt = stmt.where(or_(contains(Event.name, q),
                              Event.uid_key.like(_like(uid_key(q)), escape="\\"),
                              Event.name_key.like(names, escape="\\"),
                              Event.id.in_(select(EventAlias.event_id)
                                           .where(EventAlias.alias_key.like(names, escape="\\")))))
    if species:
        stmt = stmt.where(Event.species == species)
    if element:
        stmt = stmt.where(Event.id.in_(select(event_elements.c.event_id).where(
            event_elements.c.element_id == _element_id(element),
            event_elements.c.state == "present")))
    return stmt


def method_query(q=None, technique=None, specificity=None, event=None, element=None):
    stmt = select(Method).order_by(Method.code)
    if q:
        stmt = stmt.where(or_(contains(Method.name, q),
                              contains(Method.code, q)))
    if technique:
        stmt = stmt.where(Method.technique == technique)
    if specificity:
        stmt = stmt.where(Method.specificity == specificity)
    if event:
        stmt = stmt.where(Method.id.in_(select(method_events.c.method_id)
                                        .where(method_events.c.event_id == event_by_name(event).id)))
    if element:
        stmt = stmt.where(Method.id.in_(select(method_elements.c.method_id)
                                        .where(method_elements.c.element_id == _element_id(element))))
    return stmt


def reference_material_query(q=None, event=None, kind=None):
    stmt = select(ReferenceMaterial).order_by(ReferenceMaterial.code)
    if q:
        stmt = stmt.where(or_(contains(ReferenceMaterial.code, q),
                              contains(ReferenceMaterial.producer, q)))
    if kind:
        stmt = stmt.where(ReferenceMaterial.kind == kind)
    if event:
        stmt = stmt.where(ReferenceMaterial.id.in_(
            select(reference_material_events.c.reference_material_id)
            .where(reference_material_events.c.event_id == event_by_name(event).id)))
    return stmt


def _unique(model, column, value, field, current_id=None, what="entry"):
    existing = db.session.scalar(select(model).where(column == value))
    if existing is not None and existing.id != current_id:
        raise Conflict(_("A %(what)s with this %(field)s already exists (id %(id)s).", what=_(what),
                         field=field, id=existing.id),
                       {field: [_("Already in the catalogue.")]})


def _sources(given: list[dict]) -> dict[str, Source]:
    """The sources named (by key), added or brought up to date from what was given."""
    found = {s.key: s for s in db.session.scalars(
        select(Source).where(Source.key.in_([g["key"] for g in given])))}
    for entry in given:
        source = found.get(entry["key"])
        if source is None:
            if not entry.get("title"):
                raise Invalid(_("Source %(key)s is new: give its title.", key=entry["key"]),
                              {"sources": [_("%(key)s: title is required.", key=entry["key"])]})
            source = found[entry["key"]] = Source(key=entry["key"])
            db.session.add(source)
        for field in ("title", "url", "licence"):
            if entry.get(field):
                setattr(source, field, entry[field])
    return found


def _cells(event: Event, data: dict) -> None:
    """The screening matrix row: present and absent elements, each cell with its source."""
    given = _sources(data.get("sources", []))
    present, absent = data.get("elements"), data.get("elements_absent")
    present = elements_by_codes(present, "elements") if present is not None else None
    absent = elements_by_codes(absent, "elements_absent") if absent is not None else None
    both = sorted({e.code for e in present or []} & {e.code for e in absent or []})
    if both:
        raise Invalid(_("An element cannot be both present and absent."),
                      {"elements_absent": [_("%(code)s is also in elements.", code=c) for c in both]})
    if present is not None:
        event.set_cells(present, "present")
    if absent is not None:
        event.set_cells(absent, "absent")
    cells = data.get("cells")
    if cells is None:
        return
    keys = [c["source"] for c in cells if c.get("source")]
    known = given | {s.key: s for s in db.session.scalars(select(Source).where(Source.key.in_(keys)))}
    missing = sorted(set(keys) - set(known))
    if missing:
        raise Invalid(_("Unknown source: %(keys)s.", keys=", ".join(missing)),
                      {"cells": [_("Unknown source %(key)s: give it in sources.", key=k) for k in missing]})
    elements = element_map([c["element"] for c in cells], "cells")
    current = {c.element_id: c for c in event.cells}
    rows = {}
    for cell in cells:
        element = elements[cell["element"]]
        row = rows[element.id] = current.get(element.id) or EventElement(element=element)
        row.state, row.source = cell["state"], known.get(cell.get("source"))
    event.cells = list(rows.values())


def _aliases(event: Event, aliases: list[str]) -> None:
    keys = {name_key(a): a for a in aliases}
    taken = db.session.execute(
        select(EventAlias.alias, Event.unique_identifier).join(Event)
        .where(EventAlias.alias_key.in_(keys), EventAlias.event_id != event.id)).all()
    named = db.session.execute(select(Event.name, Event.unique_identifier).where(
        Event.name_key.in_(keys), Event.id != event.id)).all() if event.id else \
        db.session.execute(select(Event.name, Event.unique_identifier)
                           .where(Event.name_key.in_(keys))).all()
    clashes = [_("%(name)s already names %(uid)s.", name=row[0], uid=row[1]) for row in [*taken, *named]]
    if clashes:
        raise Conflict(" ".join(clashes), {"aliases": clashes})
    current = {a.alias_key: a for a in event.aliases}
    event.aliases = [current.get(k) or EventAlias(alias=a, alias_key=k) for k, a in keys.items()]


def _authorisations(event: Event, given: list[dict]) -> None:
    places = {a["jurisdiction"] for a in given} - {EU}
    known = set(db.session.scalars(select(Country.code).where(Country.code.in_(places))))
    unknown = sorted(places - known)
    if unknown:
        raise Invalid(_("Unknown jurisdiction: %(codes)s.", codes=", ".join(unknown)),
                      {"authorisations": [_("%(code)s is neither a country code nor EU.", code=c)
                                          for c in unknown]})
    event.authorisations = [Authorisation(**a) for a in given]


def _apply_event(event: Event, data: dict) -> None:
    if "unique_identifier" in data:
        _unique(Event, Event.uid_key, uid_key(data["unique_identifier"]), "unique_identifier",
                event.id, "event")
        event.unique_identifier = data["unique_identifier"]
    for field in ("name", "species", "traits"):
        if field in data:
            setattr(event, field, data[field])
    _cells(event, data)
    if "aliases" in data:
        _aliases(event, data["aliases"])
    if "components" in data:
        components = events_by_names(data["components"], "components")
        if any(c is event for c in components):
            raise Invalid(_("A stack is not its own component."),
                          {"components": [_("Names the event itself.")]})
        event.components = components
    if "authorisations" in data:
        _authorisations(event, data["authorisations"])


def _apply_method(method: Method, data: dict) -> None:
    if "code" in data:
        _unique(Method, Method.code, data["code"], "code", method.id, "method")
    for field in ("code", "name", "technique", "specificity", "taxon", "validation_status",
                  "matrices", "reference"):
        if field in data:
            setattr(method, field, data[field])
    if "event_uids" in data:
        method.events = events_by_names(data["event_uids"], "event_uids")
    if "elements" in data:
        method.elements = elements_by_codes(data["elements"])


def _apply_material(material: ReferenceMaterial, data: dict) -> None:
    if "code" in data:
        _unique(ReferenceMaterial, ReferenceMaterial.code, data["code"], "code", material.id,
                "reference material")
    for field in ("code", "producer", "kind", "form", "role", "certified_value", "unit"):
        if field in data:
            setattr(material, field, data[field])
    if "event_uids" in data:
        material.events = events_by_names(data["event_uids"], "event_uids")


APPLY = {Event: _apply_event, Method: _apply_method, ReferenceMaterial: _apply_material}
WHAT = {Event: "event", Method: "method", ReferenceMaterial: "reference material"}


def create_entry(actor, model, data: dict):
    authz.require(authz.can_edit_catalogue(actor), actor, _("Only an admin edits the catalogue."))
    entry = model()
    APPLY[model](entry, data)
    db.session.add(entry)
    db.session.flush()
    record_change(actor, "create", entry, snapshot(entry))
    return entry


def update_entry(actor, model, entry_id: int, data: dict, version: int | None = None):
    authz.require(authz.can_edit_catalogue(actor), actor, _("Only an admin edits the catalogue."))
    entry = get_or_404(model, entry_id, WHAT[model])
    check_version(entry, version, WHAT[model])
    APPLY[model](entry, data)
    record_update(actor, entry)
    return entry


# Domains above the catalogue say what of theirs uses an entry: each receiver returns a list
# of phrases such as "3 holdings" (empty when nothing of theirs does).
entry_uses = Namespace().signal("catalogue-entry-uses")


def _uses(entry) -> list[str]:
    uses = [use for _sender, found in entry_uses.send(entry) for use in found]
    if not isinstance(entry, Event):
        return uses
    n = db.session.scalar(select(func.count()).select_from(method_events)
                          .where(method_events.c.event_id == entry.id))
    if n:
        uses.append(f"{n} methods")
    n = db.session.scalar(select(func.count()).select_from(reference_material_events)
                          .where(reference_material_events.c.event_id == entry.id))
    if n:
        uses.append(f"{n} reference materials")
    n = db.session.scalar(select(func.count()).select_from(event_components)
                          .where(event_components.c.component_id == entry.id))
    if n:
        uses.append(f"{n} stacks")
    return uses


def delete_entry(actor, model, entry_id: int, version: int | None = None) -> None:
    authz.require(authz.can_edit_catalogue(actor), actor, _("Only an admin edits the catalogue."))
    entry = get_or_404(model, entry_id, WHAT[model])
    check_version(entry, version, WHAT[model])
    uses = _uses(entry)
    if uses:
        raise Conflict(_("This %(what)s is still used by %(uses)s.", what=_(WHAT[model]),
                         uses=_(" and ").join(uses)))
    delete_recorded(actor, entry)


def event_choices() -> list:
    return db.session.execute(select(Event.unique_identifier, Event.name).order_by(Event.name)).all()


def method_choices() -> list:
    return db.session.execute(select(Method.id, Method.code, Method.name).order_by(Method.code)).all()


def event_for_page(typed: str):
    """(event, matrix rows, sources, its reference materials) of the event named (UID, name or
    alias): a row per screening element in the reference data, with the event's known state
    and the number of its source in `sources`, or "unknown"."""
    event = event_by_name(typed, "event", refusal=NotFound)
    cells = {cell.element.code: cell for cell in event.cells}
    sources: list = []  # cited once each, numbered in order of first citation
    matrix = []
    for element in db.session.scalars(select(Element).order_by(func.lower(Element.code))):
        cell = cells.get(element.code)
        source = cell.source if cell is not None else None
        if source is not None and source not in sources:
            sources.append(source)
        matrix.append({"element": element, "state": cell.state if cell is not None else "unknown",
                       "note": sources.index(source) + 1 if source is not None else None})
    materials = db.session.scalars(
        select(ReferenceMaterial).join(reference_material_events)
        .where(reference_material_events.c.event_id == event.id).order_by(ReferenceMaterial.code)).all()
    return event, matrix, sources, materials
