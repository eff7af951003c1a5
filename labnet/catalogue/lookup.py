"""Finding catalogue entries by what users type: event UIDs, element codes or aliases."""
import re

from sqlalchemy import select

from labnet.catalogue.models import Event, Method
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


def elements_by_codes(codes: list[str], field: str = "elements") -> list[Element]:
    keys = {c.strip().lower(): c for c in codes}
    rows = db.session.execute(
        select(ElementAlias.alias_key, Element).join(Element)
        .where(ElementAlias.alias_key.in_(keys))
    ).all()
    found = {row.alias_key: row.Element for row in rows}
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
