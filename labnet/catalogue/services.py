"""Catalogue operations: events, methods and reference materials (admin writes, public reads)."""
from blinker import Namespace
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from labnet import authz
from labnet.audit.services import delete_recorded, record_change, record_update, snapshot
from labnet.catalogue.lookup import elements_by_codes, event_by_uid, events_by_uids, uid_key
from labnet.database import check_version, contains, get_or_404
from labnet.catalogue.models import (
    Event, Method, ReferenceMaterial, event_elements, method_elements, method_events,
    reference_material_events,
)
from labnet.errors import Conflict
from labnet.extensions import db
from labnet.reference.models import Element, ElementAlias


def _element_id(code: str) -> int:
    return elements_by_codes([code], "element")[0].id


def event_query(q=None, species=None, element=None):
    stmt = select(Event).order_by(Event.unique_identifier)
    if q:
        stmt = stmt.where(or_(contains(Event.name, q),
                              Event.uid_key.like(f"%{uid_key(q)}%")))
    if species:
        stmt = stmt.where(func.lower(Event.species) == species.strip().lower())
    if element:
        stmt = stmt.where(Event.id.in_(select(event_elements.c.event_id)
                                       .where(event_elements.c.element_id == _element_id(element))))
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
                                        .where(method_events.c.event_id == event_by_uid(event).id)))
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
            .where(reference_material_events.c.event_id == event_by_uid(event).id)))
    return stmt


def _unique(model, column, value, field, current_id=None, what="entry"):
    existing = db.session.scalar(select(model).where(column == value))
    if existing is not None and existing.id != current_id:
        raise Conflict(f"A {what} with this {field} already exists (id {existing.id}).",
                       {field: ["Already in the catalogue."]})


def _apply_event(event: Event, data: dict) -> None:
    if "unique_identifier" in data:
        _unique(Event, Event.uid_key, uid_key(data["unique_identifier"]), "unique_identifier",
                event.id, "event")
        event.unique_identifier = data["unique_identifier"]
        event.uid_key = uid_key(data["unique_identifier"])
    for field in ("name", "species", "traits"):
        if field in data:
            setattr(event, field, data[field])
    if "elements" in data:
        event.elements = elements_by_codes(data["elements"])


def _apply_method(method: Method, data: dict) -> None:
    if "code" in data:
        _unique(Method, Method.code, data["code"], "code", method.id, "method")
    for field in ("code", "name", "technique", "specificity", "taxon", "validation_status",
                  "matrices", "reference"):
        if field in data:
            setattr(method, field, data[field])
    if "event_uids" in data:
        method.events = events_by_uids(data["event_uids"], "event_uids")
    if "elements" in data:
        method.elements = elements_by_codes(data["elements"])


def _apply_material(material: ReferenceMaterial, data: dict) -> None:
    if "code" in data:
        _unique(ReferenceMaterial, ReferenceMaterial.code, data["code"], "code", material.id,
                "reference material")
    for field in ("code", "producer", "kind", "form", "certified_value", "unit"):
        if field in data:
            setattr(material, field, data[field])
    if "event_uids" in data:
        material.events = events_by_uids(data["event_uids"], "event_uids")


APPLY = {Event: _apply_event, Method: _apply_method, ReferenceMaterial: _apply_material}
WHAT = {Event: "event", Method: "method", ReferenceMaterial: "reference material"}


def create_entry(actor, model, data: dict):
    authz.require(authz.can_edit_catalogue(actor), actor, "Only an admin edits the catalogue.")
    entry = model()
    APPLY[model](entry, data)
    db.session.add(entry)
    db.session.flush()
    record_change(actor, "create", entry, snapshot(entry))
    return entry


def update_entry(actor, model, entry_id: int, data: dict, version: int | None = None):
    authz.require(authz.can_edit_catalogue(actor), actor, "Only an admin edits the catalogue.")
    entry = get_or_404(model, entry_id, WHAT[model])
    check_version(entry, version, WHAT[model])
    APPLY[model](entry, data)
    record_update(actor, entry)
    return entry


# Domains above the catalogue say what of theirs uses an entry: each receiver returns a list
# of phrases such as "3 holdings" (empty when nothing of theirs does).
entry_uses = Namespace().signal("catalogue-entry-uses")


def _uses(entry) -> list[str]:
    uses = [use for _, found in entry_uses.send(entry) for use in found]
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
    return uses


def delete_entry(actor, model, entry_id: int, version: int | None = None) -> None:
    authz.require(authz.can_edit_catalogue(actor), actor, "Only an admin edits the catalogue.")
    entry = get_or_404(model, entry_id, WHAT[model])
    check_version(entry, version, WHAT[model])
    uses = _uses(entry)
    if uses:
        raise Conflict(f"This {WHAT[model]} is still used by {' and '.join(uses)}.")
    delete_recorded(actor, entry)


def event_choices() -> list:
    return db.session.execute(select(Event.unique_identifier, Event.name).order_by(Event.name)).all()


def method_choices() -> list:
    return db.session.execute(select(Method.id, Method.code, Method.name).order_by(Method.code)).all()
