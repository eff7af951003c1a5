from labnet.database import StringList, one_of, version_column
from labnet.extensions import db

TECHNIQUES = ("qpcr", "pcr", "dpcr", "lamp", "elisa", "lateral_flow", "sequencing", "other")
SPECIFICITIES = ("element", "construct", "event", "taxon")
VALIDATION_STATUSES = ("interlaboratory", "single_laboratory", "not_validated")
MATERIAL_KINDS = ("certified", "non_certified", "in_house")
MATRICES = ("seed", "grain", "flour", "food", "feed", "leaf")  # what samples are made of
MATERIAL_FORMS = ("matrix_powder", "genomic_dna", "plasmid_dna", "seed", "leaf", "other")


event_elements = db.Table(
    "event_elements",
    db.Column("event_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    db.Column("element_id", db.ForeignKey("elements.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

method_events = db.Table(
    "method_events",
    db.Column("method_id", db.ForeignKey("methods.id", ondelete="CASCADE"), primary_key=True),
    db.Column("event_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

method_elements = db.Table(
    "method_elements",
    db.Column("method_id", db.ForeignKey("methods.id", ondelete="CASCADE"), primary_key=True),
    db.Column("element_id", db.ForeignKey("elements.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

reference_material_events = db.Table(
    "reference_material_events",
    db.Column("reference_material_id", db.ForeignKey("reference_materials.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("event_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Event(db.Model):
    """A transformation event, keyed by its OECD unique identifier."""

    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    unique_identifier = db.Column(db.String(60), nullable=False)
    # normalized UID (Ø -> 0, upper case, no spaces): what users type is matched against this
    uid_key = db.Column(db.String(60), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    species = db.Column(db.String(80), nullable=False, index=True)
    traits = db.Column(StringList, nullable=False, default=list)
    elements = db.relationship("Element", secondary=event_elements, lazy="selectin",
                               order_by="Element.code")

    __mapper_args__ = {"version_id_col": version}


class Method(db.Model):
    """A detection method (assay), with the JRC GMOMETHODS style code where it has one."""

    __tablename__ = "methods"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    code = db.Column(db.String(60), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    technique = db.Column(db.String(20), nullable=False)
    specificity = db.Column(db.String(20), nullable=False, index=True)
    taxon = db.Column(db.String(80))
    validation_status = db.Column(db.String(20), nullable=False)
    matrices = db.Column(StringList, nullable=False, default=list)
    reference = db.Column(db.String(300))
    events = db.relationship("Event", secondary=method_events, lazy="selectin",
                             order_by="Event.unique_identifier")
    elements = db.relationship("Element", secondary=method_elements, lazy="selectin",
                               order_by="Element.code")

    __table_args__ = (
        db.CheckConstraint(one_of("technique", TECHNIQUES), name="technique"),
        db.CheckConstraint(one_of("specificity", SPECIFICITIES), name="specificity"),
        db.CheckConstraint(one_of("validation_status", VALIDATION_STATUSES), name="validation_status"),
    )

    @property
    def validated(self) -> bool:
        return self.validation_status != "not_validated"

    __mapper_args__ = {"version_id_col": version}


class ReferenceMaterial(db.Model):
    """A reference material product (certified CRM, non-certified control or in-house)."""

    __tablename__ = "reference_materials"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    code = db.Column(db.String(60), nullable=False, unique=True)
    producer = db.Column(db.String(120), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    form = db.Column(db.String(20), nullable=False)
    certified_value = db.Column(db.String(60))
    unit = db.Column(db.String(30))
    events = db.relationship("Event", secondary=reference_material_events, lazy="selectin",
                             order_by="Event.unique_identifier")

    __table_args__ = (
        db.CheckConstraint(one_of("kind", MATERIAL_KINDS), name="kind"),
        db.CheckConstraint(one_of("form", MATERIAL_FORMS), name="form"),
    )

    __mapper_args__ = {"version_id_col": version}
