"""Uploading a lab's documents, attaching them to its records, and reading them back.

A document is recognised by its content (the `filetype` library reads its magic bytes), never
by its name or the type the client declares; its bytes are kept once per sha256 in the
document storage. A lab's documents together stay within a quota, counted on the lab's row
in one conditional UPDATE so that concurrent uploads never pass it together."""
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, select, update
from werkzeug.utils import secure_filename

from labnet import authz
from labnet.audit.services import record_change, snapshot
from labnet.database import get_or_404
from labnet.documents.models import ATTACHMENTS, CONTENT_TYPES, Document
from labnet.documents.storage import document_storage
from labnet.errors import Conflict, Invalid, NotFound, TooLarge
from labnet.extensions import db
from labnet.labs.models import Lab

MEGABYTE = 1024 * 1024


def max_bytes() -> int:
    return current_app.config["LABNET_DOCUMENT_MAX_BYTES"]


def quota_bytes() -> int:
    return current_app.config["LABNET_DOCUMENT_QUOTA_MB"] * MEGABYTE


def content_type_of(data: bytes) -> str | None:
    """PDF, PNG or JPEG by the file's first bytes; None for anything else."""
    kind = filetype.guess(data[:8192])
    return kind.mime if kind is not None and kind.mime in CONTENT_TYPES else None


def safe_filename(name: str, content_type: str) -> str:
    """The name a download is offered under: the uploaded name's stem reduced to safe ASCII,
    with the extension of what the content is (a PDF named report.exe is report.pdf)."""
    stem = secure_filename(Path(name or "").stem)[:150] or "document"
    return f"{stem}.{CONTENT_TYPES[content_type]}"


def lab_documents(actor, lab_id: int) -> list[Document]:
    lab = get_or_404(Lab, lab_id, "lab")
    authz.require(authz.answers_for_lab(actor, lab), actor,
                  _("Only those who answer for this lab see its documents."))
    return list(db.session.scalars(select(Document).where(Document.lab_id == lab.id)
                                   .order_by(Document.uploaded_at.desc(), Document.id.desc())))


def upload_document(actor, lab_id: int, *, data: bytes, filename: str, kind: str,
                    title: str) -> Document:
    """Keep an uploaded file as one of the lab's documents. `data` holds at most one byte
    more than a document may be (the caller reads no further)."""
    lab = get_or_404(Lab, lab_id, "lab")
    authz.require(authz.can_upload_document(actor, lab), actor,
                  _("Only this lab's managers upload its documents."))
    if lab.archived_at is not None:
        raise Conflict(_("This lab was removed from labnet: it takes no new documents."))
    limit = max_bytes()
    if len(data) > limit:
        refusal = _("A document may be at most %(mb)s MB; this file is larger. Nothing was "
                    "stored.", mb=round(limit / MEGABYTE, 2))
        raise TooLarge(refusal, {"file": [refusal]})
    if not data:
        raise Invalid(_("The file is empty."), {"file": [_("The file is empty.")]})
    content_type = content_type_of(data)
    if content_type is None:
        raise Invalid(_("Only PDF, PNG and JPEG files are accepted, recognised by their content; "
                        "this file is none of them, whatever its name. Nothing was stored."),
                      {"file": [_("Not a PDF, PNG or JPEG file.")]})
    quota = quota_bytes()
    # the lab's running total moves in one conditional UPDATE, decided on the current row
    taken = db.session.execute(
        update(Lab).where(Lab.id == lab.id, Lab.document_bytes + len(data) <= quota)
        .values(document_bytes=Lab.document_bytes + len(data))
        .returning(Lab.document_bytes).execution_options(synchronize_session=False)).first()
    if taken is None:
        db.session.refresh(lab, ["document_bytes"])
        raise Conflict(
            _("This lab's documents may take %(quota)s MB together; %(used)s MB are used, so "
              "this file (%(size)s MB) does not fit. Nothing was stored.",
              quota=quota // MEGABYTE, used=round(lab.document_bytes / MEGABYTE, 1),
              size=round(len(data) / MEGABYTE, 1)), {"file": [_("Over the lab's quota.")]})
    sha256 = document_storage().put(data)
    document = Document(lab_id=lab.id, kind=kind, title=title,
                        filename=safe_filename(filename, content_type), content_type=content_type,
                        size=len(data), sha256=sha256, uploaded_by_id=actor.id)
    db.session.add(document)
    db.session.flush()
    record_change(actor, "upload", document, snapshot(document), lab_id=lab.id)
    return document


def attached_to(document_id: int) -> set[str]:
    """The kinds of record the document backs ("accreditation", "holding", ...)."""
    return {kind for kind, table in ATTACHMENTS.items()
            if db.session.scalar(select(exists().where(table.c.document_id == document_id)))}


def readable_document(actor, document_id: int) -> Document:
    """The document, for one who may read what it is attached to (authz.can_read_document);
    404 when it backs nothing the reader may see."""
    document = get_or_404(Document, document_id, "document")
    attached = attached_to(document.id)
    if authz.document_hidden(actor, document.lab, attached):
        raise NotFound(_("No document with id %(id)s.", id=document_id))
    authz.require(authz.can_read_document(actor, document.lab, attached), actor,
                  _("Only those who answer for this lab read this document."))
    return document


def open_document(actor, document_id: int):
    """(document, its content opened for reading); the download is in the audit trail."""
    document = readable_document(actor, document_id)
    storage = document_storage()
    if not storage.exists(document.sha256):
        raise NotFound(_("The content of this document is missing from the storage."))
    record_change(actor, "download", document, {"sha256": document.sha256},
                  lab_id=document.lab_id, party_user_id=getattr(actor, "id", None))
    return document, storage.open(document.sha256)


def documents_of_lab(lab_id: int, ids, field: str = "document_ids") -> list[Document]:
    """The documents named by id, each one of this lab's; 422 naming the others."""
    ids = list(dict.fromkeys(ids or []))
    if not ids:
        return []
    found = {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(ids)))}
    foreign = [i for i in ids if i not in found or found[i].lab_id != lab_id]
    if foreign:
        raise Invalid(_("Only this lab's own documents can be attached."),
                      {field: [_("Not one of this lab's documents: %(ids)s.",
                                 ids=", ".join(map(str, foreign)))]})
    return [found[i] for i in ids]
