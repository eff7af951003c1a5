from labnet.database import UTCDateTime, one_of, utcnow
from labnet.extensions import db

DOCUMENT_KINDS = ("accreditation_certificate", "accreditation_scope", "material_certificate",
                  "characterisation_report", "validation_report", "pt_report", "test_report",
                  "other")
# what a document may be: recognised by its content, never by its name or declared type
CONTENT_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def _link(name: str, table: str, column: str) -> db.Table:
    return db.Table(
        name,
        db.Column(column, db.ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True),
        db.Column("document_id", db.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True, index=True),
    )


# the records a document backs; what its reader must be allowed to read (authz.document_*)
accreditation_documents = _link("accreditation_documents", "accreditations", "accreditation_id")
holding_documents = _link("holding_documents", "holdings", "holding_id")
proficiency_test_documents = _link("proficiency_test_documents", "proficiency_tests",
                                   "proficiency_test_id")
ATTACHMENTS = {"accreditation": accreditation_documents, "holding": holding_documents,
               "proficiency_test": proficiency_test_documents}


class Document(db.Model):
    """A file a lab uploaded as evidence. Its content is kept once per sha256 in the
    document storage (labnet.documents.storage); the row says what it is and whose."""

    __tablename__ = "documents"
    id = db.Column(db.Integer, primary_key=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(40), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    filename = db.Column(db.String(200), nullable=False)
    content_type = db.Column(db.String(40), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    lab = db.relationship("Lab")

    __table_args__ = (
        db.CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        db.CheckConstraint(one_of("content_type", tuple(CONTENT_TYPES)), name="content_type"),
        db.CheckConstraint("size > 0", name="size_positive"),
    )
