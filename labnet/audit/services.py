"""Recording changes in the audit trail, in the same transaction as the change itself."""
import datetime as dt
import logging

from flask import has_request_context, request
from sqlalchemy import inspect

from labnet.audit.models import AuditEntry
from labnet.extensions import db

log = logging.getLogger("labnet.audit")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def changed_fields(record) -> dict:
    """{"field": [old, new]} for the column attributes changed on record since it was loaded."""
    changes = {}
    state = inspect(record)
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def snapshot(record) -> dict:
    state = inspect(record)
    return {attr.key: _plain(getattr(record, attr.key)) for attr in state.mapper.column_attrs}


def record_change(actor, action: str, entity, changes: dict | None = None,
                  lab_id: int | None = None, party_lab_id: int | None = None,
                  party_user_id: int | None = None) -> AuditEntry:
    """Add an audit entry; the caller's commit writes it with the change, or neither.

    `lab_id` files the entry in that lab's history; `party_lab_id` and `party_user_id` name
    the other side of an exchange (a request, an enrolment), who may read it there too."""
    db.session.flush()
    ip = request.remote_addr if has_request_context() else None
    entry = AuditEntry(
        user_id=getattr(actor, "id", None), ip=ip, action=action,
        entity_type=entity.__tablename__, entity_id=entity.id,
        lab_id=lab_id, party_lab_id=party_lab_id, party_user_id=party_user_id,
        changes=changes if changes is not None else snapshot(entity),
    )
    db.session.add(entry)
    log.info("%s %s %s#%s by user %s from %s", action, entity.__tablename__, "", entity.id,
             getattr(actor, "id", None), ip)
    return entry


def record_update(actor, record, lab_id: int | None = None) -> AuditEntry:
    """Audit the fields changed on record since it was loaded (read before the flush, which
    forgets them)."""
    return record_change(actor, "update", record, changed_fields(record), lab_id=lab_id)


def delete_recorded(actor, record, lab_id: int | None = None) -> None:
    """Delete record, with its last state in the audit trail."""
    record_change(actor, "delete", record, snapshot(record), lab_id=lab_id)
    db.session.delete(record)
    db.session.flush()
