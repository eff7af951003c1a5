"""What the upload and download endpoints of the API and the pages share: a larger body for
an upload only, reading the file no further than its limit, sending a document safely."""
import io

from flask import current_app, request, send_file
from flask_babel import gettext as _

from labnet.errors import TooLarge

MEGABYTE = 1024 * 1024
# room for the form's other fields and the multipart boundaries around the file
MULTIPART_ROOM = 64 * 1024
UPLOAD_ENDPOINTS = {"documents.upload_document", "documents_pages.lab_documents"}


def _document_limit_mb() -> int:
    return current_app.config["LABNET_DOCUMENT_MAX_BYTES"] // MEGABYTE


def accept_document_body() -> None:
    """An upload may carry a document of up to LABNET_DOCUMENT_MAX_BYTES, more than the
    application's MAX_CONTENT_LENGTH: the limit is raised for this request only (before the
    CSRF check reads the form); a larger body is 413."""
    if request.method != "POST" or request.endpoint not in UPLOAD_ENDPOINTS:
        return
    limit = current_app.config["LABNET_DOCUMENT_MAX_BYTES"] + MULTIPART_ROOM
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(_("A document may be at most %(mb)s MB; this file is larger. Nothing was "
                         "stored.", mb=_document_limit_mb()), {"file": [_("Too large.")]})
    request.max_content_length = limit


def read_upload(upload) -> bytes:
    """At most one byte more than a document may be: enough to know it is too large. The
    spooled file is closed at once, whatever follows."""
    try:
        return upload.stream.read(current_app.config["LABNET_DOCUMENT_MAX_BYTES"] + 1)
    finally:
        upload.close()


def send_document(document, content, inline: bool = False):
    """The document as an attachment (or inline, for the framed view of the same site), under
    its safe name, never sniffed into another type. Read whole (at most 10 MB) and closed at
    once, so no file stays open whatever becomes of the response."""
    with content:
        data = io.BytesIO(content.read())
    response = send_file(data, mimetype=document.content_type, as_attachment=not inline,
                         download_name=document.filename, max_age=0, conditional=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if inline:  # shown only in a frame of this site's pages, running nothing of its own
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; "
            "frame-ancestors 'self'")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def init_app(app) -> None:
    # first of all before-request functions: the CSRF check reads the form
    app.before_request_funcs.setdefault(None, []).insert(0, accept_document_body)
