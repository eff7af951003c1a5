from labnet.database import StringList, UTCDateTime, one_of, utcnow
from labnet.extensions import db
from labnet.requests.workflow import DECLINED, MATERIAL_OPEN, MATERIAL_STATUSES, START, TESTING_STATUSES


class MaterialRequest(db.Model):
    __tablename__ = "material_requests"
    id = db.Column(db.Integer, primary_key=True)
    requester_lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False,
                                 index=True)
    holding_id = db.Column(db.ForeignKey("holdings.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    quantity = db.Column(db.Integer, nullable=False)
    needed_by = db.Column(db.Date)
    purpose = db.Column(db.String(2000))
    status = db.Column(db.String(20), nullable=False, default=START, index=True)
    created_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    requester_lab = db.relationship("Lab", lazy="joined", foreign_keys=[requester_lab_id])
    holding = db.relationship("Holding", lazy="joined")
    history = db.relationship("MaterialRequestStep", lazy="selectin",
                              order_by="MaterialRequestStep.id", cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("quantity >= 1", name="quantity"),
        db.CheckConstraint(one_of("status", MATERIAL_STATUSES), name="status"),
        # one open request per requesting lab and lot, whatever the concurrency
        db.Index("uq_material_requests_one_open", "requester_lab_id", "holding_id", unique=True,
                 sqlite_where=db.text(one_of("status", MATERIAL_OPEN)),
                 postgresql_where=db.text(one_of("status", MATERIAL_OPEN))),
    )

    @property
    def decline_reason(self) -> str | None:
        """Why the holder declined, as the requester reads it (None unless declined)."""
        if self.status != DECLINED:
            return None
        return next((step.note for step in reversed(self.history) if step.status == DECLINED),
                    None)


class MaterialRequestStep(db.Model):
    """One transition of a material request: who moved it to which status, when."""

    __tablename__ = "material_request_steps"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("material_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False)
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    note = db.Column(db.String(2000))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class TestingRequest(db.Model):
    __tablename__ = "testing_requests"
    id = db.Column(db.Integer, primary_key=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False, index=True)
    created_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    commodity = db.Column(db.String(200), nullable=False)
    matrix = db.Column(db.String(20), nullable=False)
    events = db.Column(StringList, nullable=False, default=list)
    elements = db.Column(StringList, nullable=False, default=list)
    sample_count = db.Column(db.Integer, nullable=False, default=1)
    needed_by = db.Column(db.Date)
    port = db.Column(db.String(200))
    status = db.Column(db.String(20), nullable=False, default=START, index=True)
    detected = db.Column(StringList, nullable=False, default=list)
    not_detected = db.Column(StringList, nullable=False, default=list)
    # [{"target", "reason"}]: requested targets the lab did not test, and why
    not_tested = db.Column(db.JSON, nullable=False, default=list, server_default="[]")
    report_reference = db.Column(db.String(120))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    lab = db.relationship("Lab", lazy="joined")
    history = db.relationship("TestingRequestStep", lazy="selectin",
                              order_by="TestingRequestStep.id", cascade="all, delete-orphan")
    versions = db.relationship("TestingReport", lazy="selectin", order_by="TestingReport.number",
                               cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("sample_count >= 1", name="sample_count"),
        db.CheckConstraint(one_of("status", TESTING_STATUSES), name="status"),
    )


class TestingRequestStep(db.Model):
    __tablename__ = "testing_request_steps"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("testing_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False)
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    note = db.Column(db.String(2000))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class TestingReport(db.Model):
    """One version of a testing request's report: the first, then each amendment. The request
    carries the latest; earlier versions stay readable here."""

    __tablename__ = "testing_reports"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("testing_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    detected = db.Column(StringList, nullable=False, default=list)
    not_detected = db.Column(StringList, nullable=False, default=list)
    not_tested = db.Column(db.JSON, nullable=False, default=list)
    report_reference = db.Column(db.String(120), nullable=False)
    note = db.Column(db.String(2000))
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.UniqueConstraint("request_id", "number", name="uq_testing_reports_request_number"),
        db.CheckConstraint("number >= 1", name="number"),
    )
