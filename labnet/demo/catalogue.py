"""Loads the shipped catalogue (labnet/demo/catalogue_data.py): real events with their cited
screening-matrix cells and EU authorisations, reference materials and methods.

Loading is idempotent. It adds what is missing and brings the shipped events' cited facts up
to date: an event's cells that cite a shipped source are replaced by the cited ones, so a
catalogue loaded by an earlier labnet loses cells no source supports. Cells an admin entered
without a shipped source stay.
"""
import datetime as dt

from sqlalchemy import select

from labnet.catalogue.lookup import element_map, name_key, uid_key
from labnet.catalogue.models import Authorisation, Event, EventAlias, EventElement, Method, ReferenceMaterial, Source
from labnet.demo.catalogue_data import EVENTS, METHODS, REFERENCE_MATERIALS, SOURCES
from labnet.extensions import db

# reference materials an earlier labnet listed as an event's GM material, where the source
# names the other member of the AOCS set (GMOseek Table 1: GT73 AOCS 0304-B, MON89788 AOCS
# 0906-B, A2704-12 AOCS 0707-B); which of these is the conventional control is not known
WRONG_MEMBERS = ("AOCS 0304-A", "AOCS 0906-A", "AOCS 0707-A")


def _sources() -> dict[str, Source]:
    have = {s.key: s for s in db.session.scalars(select(Source))}
    for key, (title, url, licence) in SOURCES.items():
        source = have.get(key) or Source(key=key)
        source.title, source.url, source.licence = title, url, licence
        if key not in have:
            db.session.add(source)
            have[key] = source
    return have


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _event_facts(event: Event, entry: dict, sources: dict, elements: dict) -> None:
    cited = {c[0] for c in entry["cells"]}
    kept = [c for c in event.cells
            if (c.source is None or c.source.key not in SOURCES) and c.element.code not in cited]
    current = {c.element.code: c for c in event.cells}
    cells = []
    for code, state, source, _where in entry["cells"]:
        cell = current.get(code) or EventElement(element=elements[code])
        cell.state, cell.source = state, sources[source]
        cells.append(cell)
    event.cells = kept + cells
    have = {a.alias_key for a in event.aliases}
    for alias in entry["aliases"]:
        if name_key(alias) not in have:
            event.aliases.append(EventAlias(alias=alias, alias_key=name_key(alias)))
    recorded = {(a.jurisdiction, a.decision) for a in event.authorisations}
    for record in entry["authorisations"]:
        if (record["jurisdiction"], record["decision"]) not in recorded:
            event.authorisations.append(Authorisation(
                **dict(record, decided_on=_date(record["decided_on"]),
                       valid_until=_date(record["valid_until"]))))


def load_catalogue() -> dict[str, int]:
    """Insert the shipped events, reference materials and methods that are missing, and bring
    the shipped events' cited facts up to date."""
    added = {"events": 0, "reference_materials": 0, "methods": 0}
    sources = _sources()
    elements = element_map(sorted({c[0] for e in EVENTS for c in e["cells"]}
                                  | {m[4] for m in METHODS if m[3] == "element"}))
    events = {e.uid_key: e for e in db.session.scalars(select(Event))}
    for entry in EVENTS:
        event = events.get(uid_key(entry["uid"]))
        if event is None:
            event = Event(unique_identifier=entry["uid"], name=entry["name"],
                          species=entry["species"], traits=entry["traits"])
            db.session.add(event)
            events[event.uid_key] = event
            added["events"] += 1
        _event_facts(event, entry, sources, elements)
    materials = {m.code: m for m in db.session.scalars(select(ReferenceMaterial))}
    for code in WRONG_MEMBERS:
        if code in materials and materials[code].source is None:
            materials[code].events = []
            materials[code].role = None
    for code, producer, uid, role, form, value, source in REFERENCE_MATERIALS:
        if code not in materials:
            db.session.add(ReferenceMaterial(
                code=code, producer=producer, kind="certified", form=form, role=role,
                certified_value=value, source=sources[source], events=[events[uid_key(uid)]]))
            added["reference_materials"] += 1
    have = set(db.session.scalars(select(Method.code)))
    for code, name, technique, specificity, target, uids, validation, reference, source \
            in METHODS:
        if code in have:
            continue
        db.session.add(Method(
            code=code, name=name, technique=technique, specificity=specificity,
            taxon=target if specificity == "taxon" else None, validation_status=validation,
            matrices=[], reference=reference, source=sources[source],
            elements=[elements[target]] if specificity == "element" else [],
            events=[events[uid_key(u)] for u in uids]))
        added["methods"] += 1
    db.session.flush()
    return added
