from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from labnet.api.fields import text
from labnet.api.schema_base import InputSchema
from labnet.documents.models import DOCUMENT_KINDS


class DocumentForm(InputSchema):
    """The fields of an upload besides its file (the page's form)."""
    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    title = text(200, required=True)


class DocumentUpload(DocumentForm):
    """An upload on the API: multipart/form-data with `file`, `kind` and `title`."""
    file = Upload(required=True, metadata={"description": "A PDF, PNG or JPEG file (recognised "
                                           "by its content) of at most 10 MB"})


class DocumentSchema(Schema):
    id = fields.Integer()
    lab_id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
