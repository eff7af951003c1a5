from labnet.database import one_of, version_column
from labnet.database import UTCDateTime, utcnow
from labnet.extensions import db

SHARING_TERMS = ("free", "cost_recovery", "exchange")

holding_validated_methods = db.Table(
    "holding_validated_methods",
    db.Column("holding_id", db.ForeignKey("holdings.id", ondelete="CASCADE"), primary_key=True),
    db.Column("method_id", db.ForeignKey("methods.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Holding(db.Model):
    """A lot of a reference material held by a lab, with stock counted in units (vials, tubes)."""

    __tablename__ = "holdings"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False, index=True)
    reference_material_id = db.Column(db.ForeignKey("reference_materials.id", ondelete="RESTRICT"),
                                      nullable=False)
    lot = db.Column(db.String(60), nullable=False)
    quantity = db.Column(db.Integer, nullable=False, default=0)
    unit = db.Column(db.String(30), nullable=False, default="vial")
    expiry_date = db.Column(db.Date, index=True)
    shareable = db.Column(db.Boolean, nullable=False, default=True)
    terms = db.Column(db.String(20), nullable=False, default="free")
    mta_required = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    lab = db.relationship("Lab", lazy="joined")
    reference_material = db.relationship("ReferenceMaterial", lazy="joined")
    validated_methods = db.relationship("Method", secondary=holding_validated_methods,
                                        lazy="selectin", order_by="Method.code")

    __table_args__ = (
        # stock can never go negative, whatever the concurrency
        db.CheckConstraint("quantity >= 0", name="quantity_non_negative"),
        db.CheckConstraint(one_of("terms", SHARING_TERMS), name="terms"),
        db.UniqueConstraint("lab_id", "reference_material_id", "lot", name="uq_holdings_lab_lot"),
        # matching and coverage go from an event's materials to the labs with stock: this index
        # answers both without visiting the table rows
        db.Index("ix_holdings_material_stock", "reference_material_id", "lab_id", "quantity",
                 "expiry_date"),
    )

    @property
    def validated_method_ids(self) -> list[int]:
        return [m.id for m in self.validated_methods]

    __mapper_args__ = {"version_id_col": version}
