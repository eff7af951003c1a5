from flask_babel import gettext as _
from sqlalchemy import and_, or_

from labnet.catalogue.models import MATERIAL_FORMS
from labnet.database import UTCDateTime, one_of, utcnow, version_column
from labnet.extensions import db

SHARING_TERMS = ("free", "cost_recovery", "exchange")

holding_validated_methods = db.Table(
    "holding_validated_methods",
    db.Column("holding_id", db.ForeignKey("holdings.id", ondelete="CASCADE"), primary_key=True),
    db.Column("method_id", db.ForeignKey("methods.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


def _given_at_creation(context) -> int:
    """A new lot has been given what it has in stock: nothing is promised yet."""
    return context.get_current_parameters().get("quantity") or 0


class Holding(db.Model):
    """A lot of a reference material held by a lab, with stock counted in units (vials, tubes).

    `quantity` is the stock that can still be requested; `quantity_given` is every unit the lot
    was given. Their difference is what accepted requests took (accepted, shipped, received), so
    `quantity + units held by those requests == quantity_given` always: accepting or cancelling
    moves `quantity` only, an edit of the lot moves both by the same amount, in SQL.
    """

    __tablename__ = "holdings"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False, index=True)
    reference_material_id = db.Column(db.ForeignKey("reference_materials.id", ondelete="RESTRICT"),
                                      nullable=False)
    lot = db.Column(db.String(60), nullable=False)
    quantity = db.Column(db.Integer, nullable=False, default=0)
    quantity_given = db.Column(db.Integer, nullable=False, default=_given_at_creation)
    unit = db.Column(db.String(30), nullable=False, default="vial")
    # the form of this lot (matrix powder, leaf DNA...): producers change it between batches,
    # so it belongs to the lot; empty when the holder did not say
    form = db.Column(db.String(20))
    expiry_date = db.Column(db.Date, index=True)
    shareable = db.Column(db.Boolean, nullable=False, default=True)
    terms = db.Column(db.String(20), nullable=False, default="free")
    mta_required = db.Column(db.Boolean, nullable=False, default=False)
    # the holder's material transfer agreement for this lot, read and accepted by requesters
    mta_text = db.Column(db.Text)
    # what the holder asks back (e.g. "EUR 40 per vial plus courier"), stated before anyone asks
    cost_recovery = db.Column(db.String(500))
    # set when the holder removes a lot that requests refer to: it leaves search and matching,
    # and both parties still read their requests
    archived_at = db.Column(UTCDateTime)
    # how the holder characterised a non-certified or in-house lot (nothing certifies it): the
    # method used, the GM content or copy number found, homogeneity and stability, and the
    # report; such a lot is shared only once characterised
    characterisation_method = db.Column(db.String(200))
    characterised_value = db.Column(db.String(80))
    homogeneity = db.Column(db.String(300))
    stability = db.Column(db.String(300))
    characterisation_report_id = db.Column(db.ForeignKey("documents.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    lab = db.relationship("Lab", lazy="joined")
    reference_material = db.relationship("ReferenceMaterial", lazy="joined")
    validated_methods = db.relationship("Method", secondary=holding_validated_methods,
                                        lazy="selectin", order_by="Method.code")
    documents = db.relationship("Document", secondary="holding_documents", order_by="Document.id")
    characterisation_report = db.relationship("Document")

    __table_args__ = (
        # stock can never go negative, whatever the concurrency
        db.CheckConstraint("quantity >= 0", name="quantity_non_negative"),
        # accepted requests never hold more than the lot was given
        db.CheckConstraint("quantity <= quantity_given", name="quantity_within_given"),
        db.CheckConstraint(one_of("terms", SHARING_TERMS), name="terms"),
        db.CheckConstraint("form IS NULL OR " + one_of("form", MATERIAL_FORMS), name="form"),
        db.UniqueConstraint("lab_id", "reference_material_id", "lot", name="uq_holdings_lab_lot"),
        # matching and coverage go from an event's materials to the labs with stock: this index
        # answers both without visiting the table rows, archived lots (which both leave out)
        # included: the column is in the index, so the rows are never read to check it
        db.Index("ix_holdings_material_stock", "reference_material_id", "lab_id", "quantity",
                 "expiry_date", "archived_at"),
    )

    @property
    def units_taken(self) -> int:
        """Units accepted requests took from this lot (promised, shipped or received)."""
        return self.quantity_given - self.quantity

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def unavailable_reason(self, on) -> str | None:
        """Why this lot cannot be requested or promised on the day `on` (None when it can).
        `requestable` says the same in SQL, so a conditional UPDATE decides it on the row."""
        if self.archived_at is not None:
            return _("Lot %(lot)s has been withdrawn by its holder (archived).", lot=self.lot)
        if self.lab.archived_at is not None:
            return _("%(lab)s no longer takes part in labnet (archived).", lab=self.lab.name)
        if not self.shareable:
            return _("The holder does not share lot %(lot)s.", lot=self.lot)
        if self.expiry_date is not None and self.expiry_date < on:
            return _("Lot %(lot)s expired on %(date)s.", lot=self.lot, date=self.expiry_date.isoformat())
        return None

    @classmethod
    def requestable(cls, on):
        """SQL condition: the lot can be requested or promised on the day `on`."""
        return and_(cls.archived_at.is_(None), cls.shareable.is_(True),
                    or_(cls.expiry_date.is_(None), cls.expiry_date >= on))

    @property
    def needs_characterisation(self) -> bool:
        """Nothing certifies a non-certified or in-house material: its holder characterises the lot."""
        return self.reference_material.kind != "certified"

    @property
    def characterised(self) -> bool:
        """Method, value, homogeneity and stability recorded (the report may follow)."""
        return all((self.characterisation_method, self.characterised_value, self.homogeneity,
                    self.stability))

    @property
    def document_ids(self) -> list[int]:
        return [d.id for d in self.documents]

    @property
    def validated_method_ids(self) -> list[int]:
        return [m.id for m in self.validated_methods]

    __mapper_args__ = {"version_id_col": version}
