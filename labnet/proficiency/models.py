from labnet.database import StringList, UTCDateTime, one_of, utcnow
from labnet.extensions import db

PT_RESULTS = ("satisfactory", "questionable", "unsatisfactory")


class ProficiencyTest(db.Model):
    """A lab's result in one round of a proficiency-testing scheme (ISO/IEC 17043), for the
    events and elements the round's samples tested. |z| <= 2 is satisfactory, 2 < |z| < 3
    questionable, |z| >= 3 unsatisfactory (ISO 13528), but a provider may assess a
    qualitative round without a z-score, so the result is recorded as the provider gave it."""

    __tablename__ = "proficiency_tests"
    id = db.Column(db.Integer, primary_key=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False)
    provider = db.Column(db.String(160), nullable=False)
    scheme = db.Column(db.String(160), nullable=False)
    round = db.Column(db.String(60), nullable=False)
    date = db.Column(db.Date, nullable=False)
    matrix = db.Column(db.String(20))
    # event UIDs as the catalogue stores them and element codes
    targets = db.Column(StringList, nullable=False, default=list)
    result = db.Column(db.String(20), nullable=False)
    z_score = db.Column(db.Float)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    lab = db.relationship("Lab")
    documents = db.relationship("Document", secondary="proficiency_test_documents",
                                order_by="Document.id")

    __table_args__ = (
        db.CheckConstraint(one_of("result", PT_RESULTS), name="result"),
        # matching asks for a lab's satisfactory results since a date
        db.Index("ix_proficiency_tests_lab_result_date", "lab_id", "result", "date"),
    )

    @property
    def document_ids(self) -> list[int]:
        return [d.id for d in self.documents]
