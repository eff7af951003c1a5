"""Documents on the API: upload (multipart), metadata, content."""
from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.documents import services
from labnet.documents.schemas import DocumentSchema, DocumentUpload
from labnet.documents.uploads import read_upload, send_document

blp = Blueprint("documents", __name__, description="Documents: the evidence behind a lab's records")
BEARER = [{"bearer": []}]
@blp.route("/labs/<int:lab_id>/documents", methods=["POST"])
@blp.arguments(DocumentUpload, location="files")
@blp.response(201, DocumentSchema)
@blp.doc(security=BEARER)
def upload_document(form, lab_id):
    """Upload a document (the lab's managers): PDF, PNG or JPEG recognised by its content, at
    most 10 MB, within the lab's quota."""
    upload = form.pop("file")
    return services.upload_document(api_actor(), lab_id, data=read_upload(upload),
                                    filename=upload.filename or "", **form)


@blp.route("/labs/<int:lab_id>/documents", methods=["GET"])
@blp.response(200, DocumentSchema(many=True))
@blp.doc(security=BEARER)
def lab_documents(lab_id):
    """The lab's documents, for those who answer for it (its managers, its networks'
    coordinators, admins)."""
    return services.lab_documents(api_actor(), lab_id)


@blp.route("/documents/<int:document_id>")
@blp.response(200, DocumentSchema)
@blp.doc(security=BEARER)
def document(document_id):
    """A document's metadata, for those who may read what it is attached to."""
    return services.readable_document(api_actor(), document_id)


@blp.route("/documents/<int:document_id>/content")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/octet-stream")
@blp.doc(security=BEARER)
def document_content(document_id):
    """The document itself, as an attachment."""
    return send_document(*services.open_document(api_actor(), document_id))
