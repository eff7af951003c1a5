from labnet.database import StringList, UTCDateTime, one_of, utcnow
from labnet.extensions import db
from labnet.requests.workflow import DECLINED, MATERIAL_OPEN, MATERIAL_STATUSES, START, TESTING_STATUSES

# how a parcel travels, and how it (or a consignment's samples) arrived
SHIPPING_CONDITIONS = ("ambient", "cooled", "frozen", "dry_ice")
RECEIPT_CONDITIONS = ("intact", "damaged", "thawed", "other")


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
    # where the parcel goes, as the requester confirmed it when asking
    shipping_address = db.Column(db.String(1000))
    shipping_contact = db.Column(db.String(300))
    shipping_address_confirmed_at = db.Column(UTCDateTime)
    # the lot's material transfer agreement as the requester accepted it: the text is kept as
    # it read then, whatever the holder changes later
    mta_accepted_name = db.Column(db.String(200))
    mta_accepted_title = db.Column(db.String(200))
    mta_accepted_at = db.Column(UTCDateTime)
    mta_text_accepted = db.Column(db.Text)
    # whether the requester's country needs an import permit: None is "not said"
    import_permit_needed = db.Column(db.Boolean)
    import_permit_reference = db.Column(db.String(120))
    courier = db.Column(db.String(120))
    tracking_number = db.Column(db.String(120))
    shipping_conditions = db.Column(db.String(20))
    receipt_condition = db.Column(db.String(20))
    receipt_note = db.Column(db.String(2000))
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
        db.CheckConstraint("shipping_conditions IS NULL OR "
                           + one_of("shipping_conditions", SHIPPING_CONDITIONS),
                           name="shipping_conditions"),
        db.CheckConstraint("receipt_condition IS NULL OR "
                           + one_of("receipt_condition", RECEIPT_CONDITIONS),
                           name="receipt_condition"),
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

    @property
    def mta_accepted_by(self) -> dict | None:
        if self.mta_accepted_at is None:
            return None
        return {"name": self.mta_accepted_name, "title": self.mta_accepted_title,
                "at": self.mta_accepted_at}


class MaterialRequestStep(db.Model):
    """One transition of a material request: who moved it to which status, when, and what
    they said of it (`details`: the courier and conditions of a shipment, the state a parcel
    arrived in...)."""

    __tablename__ = "material_request_steps"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("material_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False)
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    note = db.Column(db.String(2000))
    details = db.Column(db.JSON)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    actor = db.relationship("User", lazy="joined")


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
    # the consignment the samples were drawn from, as the border agency identifies it
    consignment_commodity = db.Column(db.String(200))
    origin_country = db.Column(db.ForeignKey("countries.code"))
    consignment_reference = db.Column(db.String(120))
    consignment_lot = db.Column(db.String(120))
    # the lab's receipt of the samples: the first link of the chain of custody on its side
    samples_received_on = db.Column(db.Date)
    samples_condition = db.Column(db.String(20))
    seals_intact = db.Column(db.Boolean)
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
    samples = db.relationship("TestingSample", lazy="selectin", order_by="TestingSample.id",
                              cascade="all, delete-orphan")
    origin = db.relationship("Country", lazy="joined")

    __table_args__ = (
        db.CheckConstraint("sample_count >= 1", name="sample_count"),
        db.CheckConstraint(one_of("status", TESTING_STATUSES), name="status"),
        db.CheckConstraint("samples_condition IS NULL OR "
                           + one_of("samples_condition", RECEIPT_CONDITIONS),
                           name="samples_condition"),
    )

    @property
    def consignment(self) -> dict:
        return {"commodity": self.consignment_commodity, "origin_country": self.origin_country,
                "reference": self.consignment_reference, "lot": self.consignment_lot}

    @property
    def samples_receipt(self) -> dict | None:
        if self.samples_received_on is None:
            return None
        return {"received_on": self.samples_received_on, "condition": self.samples_condition,
                "seals_intact": self.seals_intact}

    @property
    def results(self) -> list[dict]:
        """The per-sample results of the current report (empty when it gave none)."""
        return list(self.versions[-1].results or []) if self.versions else []


class TestingSample(db.Model):
    """A sample drawn from the consignment, as the agency sealed and weighed it."""

    __tablename__ = "testing_samples"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("testing_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    sample_id = db.Column(db.String(60), nullable=False)
    seal = db.Column(db.String(60))
    mass_g = db.Column(db.Float, nullable=False)

    __table_args__ = (
        db.UniqueConstraint("request_id", "sample_id", name="uq_testing_samples_request_sample"),
        db.CheckConstraint("mass_g > 0", name="mass_g"),
    )


class TestingRequestStep(db.Model):
    """One link of a testing request's chain of custody: who did what, when."""

    __tablename__ = "testing_request_steps"
    id = db.Column(db.Integer, primary_key=True)
    request_id = db.Column(db.ForeignKey("testing_requests.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False)
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    note = db.Column(db.String(2000))
    details = db.Column(db.JSON)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    actor = db.relationship("User", lazy="joined")


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
    # [{"sample_id", "target", "outcome", "gm_percent", "uncertainty", "lod", "method_code"}]
    results = db.Column(db.JSON, nullable=False, default=list, server_default="[]")
    note = db.Column(db.String(2000))
    actor_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        db.UniqueConstraint("request_id", "number", name="uq_testing_reports_request_number"),
        db.CheckConstraint("number >= 1", name="number"),
    )
