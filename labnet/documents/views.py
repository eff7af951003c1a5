"""Document pages: a lab's documents with the upload form, a document's page, its content."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from labnet.database import get_or_404
from labnet.documents import services
from labnet.documents.models import DOCUMENT_KINDS
from labnet.documents.schemas import DocumentForm
from labnet.documents.uploads import read_upload, send_document
from labnet.labs.models import Lab
from labnet.web import actor, load_form, run_service

bp = Blueprint("documents_pages", __name__)


@bp.before_request
@login_required
def logged_in():
    pass


@bp.route("/labs/<int:lab_id>/documents", methods=["GET", "POST"])
def lab_documents(lab_id):
    lab = get_or_404(Lab, lab_id, "lab")
    errors, too_large = {}, False
    if request.method == "POST":
        try:
            upload = request.files.get("file")
        except RequestEntityTooLarge:
            upload, too_large = None, True
            errors = {"file": [_("The file is larger than a document may be.")]}
        data, form_errors = load_form(DocumentForm())
        errors = errors or form_errors
        if upload is None or not upload.filename:
            errors.setdefault("file", [_("Choose a file.")])
        if not errors:
            content = read_upload(upload)
            too_large = len(content) > services.max_bytes()
            document, errors = run_service(services.upload_document, actor(), lab.id,
                                           data=content, filename=upload.filename, **data)
            if not errors:
                flash(_("Uploaded %(title)s.", title=document.title), "info")
                return redirect(url_for("documents_pages.lab_documents", lab_id=lab.id))
    documents = services.lab_documents(actor(), lab.id)
    return render_template("documents/lab_documents.html", lab=lab, documents=documents,
                           kinds=DOCUMENT_KINDS, form=request.form, errors=errors,
                           quota_mb=services.quota_bytes() // services.MEGABYTE,
                           used_mb=round(lab.document_bytes / services.MEGABYTE, 1)), \
        (413 if too_large else 422) if errors else 200


@bp.route("/documents/<int:document_id>")
def document_page(document_id):
    document = services.readable_document(actor(), document_id)
    return render_template("documents/document.html", document=document)


@bp.route("/documents/<int:document_id>/content")
def document_content(document_id):
    return send_document(*services.open_document(actor(), document_id))


@bp.route("/documents/<int:document_id>/view")
def document_view(document_id):
    """The document shown inline, for the frame of the verification queue and its page."""
    return send_document(*services.open_document(actor(), document_id), inline=True)
