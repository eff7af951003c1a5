from labnet.database import StringList, one_of, version_column
from labnet.extensions import db
from labnet.reference.models import Element

TECHNIQUES = ("qpcr", "pcr", "dpcr", "lamp", "elisa", "lateral_flow", "sequencing", "other")
SPECIFICITIES = ("element", "construct", "event", "taxon")
VALIDATION_STATUSES = ("interlaboratory", "single_laboratory", "not_validated")
MATERIAL_KINDS = ("certified", "non_certified", "in_house")
MATRICES = ("seed", "grain", "flour", "food", "feed", "leaf")  # what samples are made of
MATERIAL_FORMS = ("matrix_powder", "genomic_dna", "plasmid_dna", "seed", "leaf", "other")
# which member of a set a reference material is: the GM material, or the conventional control
MATERIAL_ROLES = ("gm", "control")
# what an event's record says of an element; an element with no cell is unknown for it
ELEMENT_STATES = ("present", "absent")
SCOPES = ("food", "feed", "cultivation", "import_processing")
AUTHORISATION_STATUSES = ("authorised", "expired", "withdrawn", "refused")
UID_LENGTH = 255


class Source(db.Model):
    """Where a catalogue fact comes from, cited by a short key (`gmoseek_t1`)."""

    __tablename__ = "sources"
    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(40), nullable=False, unique=True)
    title = db.Column(db.String(400), nullable=False)
    url = db.Column(db.String(500))
    licence = db.Column(db.String(200))


event_elements = db.Table(
    "event_elements",
    db.Column("event_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    db.Column("element_id", db.ForeignKey("elements.id", ondelete="CASCADE"), primary_key=True,
              index=True),
    db.Column("state", db.String(10), nullable=False, default="present",
              server_default="present"),
    db.Column("source_id", db.ForeignKey("sources.id", ondelete="SET NULL"), index=True),
    db.CheckConstraint(one_of("state", ELEMENT_STATES), name="state"),
)

event_components = db.Table(
    "event_components",
    db.Column("stack_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    db.Column("component_id", db.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
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


class EventElement(db.Model):
    """One known cell of the screening matrix: the event carries the element (present) or is
    known not to (absent), according to a source."""

    __table__ = event_elements
    element = db.relationship(Element, lazy="joined", innerjoin=True)
    source = db.relationship(Source, lazy="joined")


class Event(db.Model):
    """A transformation event, keyed by its OECD unique identifier."""

    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    unique_identifier = db.Column(db.String(UID_LENGTH), nullable=False)
    # normalized UID (Ø -> 0, × -> X, upper case, no spaces): what users type is matched on it
    uid_key = db.Column(db.String(UID_LENGTH), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    # folded name (lookup.name_key), for finding an event by the name people use
    name_key = db.Column(db.String(120), nullable=False, default="", server_default="",
                         index=True)
    species = db.Column(db.String(80), nullable=False, index=True)
    traits = db.Column(StringList, nullable=False, default=list)
    cells = db.relationship(EventElement, lazy="selectin", cascade="all, delete-orphan",
                            order_by=event_elements.c.element_id)
    aliases = db.relationship("EventAlias", lazy="selectin", cascade="all, delete-orphan",
                              order_by="EventAlias.alias")
    components = db.relationship("Event", secondary=event_components, lazy="selectin",
                                 primaryjoin=id == event_components.c.stack_id,
                                 secondaryjoin=id == event_components.c.component_id,
                                 order_by="Event.unique_identifier")
    authorisations = db.relationship("Authorisation", lazy="selectin",
                                     cascade="all, delete-orphan",
                                     order_by="(Authorisation.jurisdiction, Authorisation.id)")

    __mapper_args__ = {"version_id_col": version}

    def _in_state(self, state: str) -> list:
        return sorted((c.element for c in self.cells if c.state == state), key=lambda e: e.code)

    @property
    def elements(self) -> list:
        """The elements the event is known to carry."""
        return self._in_state("present")

    @elements.setter
    def elements(self, elements) -> None:
        self.set_cells(elements, "present")

    @property
    def elements_absent(self) -> list:
        """The elements the event is known not to carry."""
        return self._in_state("absent")

    def set_cells(self, elements, state: str, source=None) -> None:
        """Make the record say `state` for exactly these elements (and a source when given);
        cells in the other state stay unless one of these elements moves there."""
        wanted = {e.id: e for e in elements}
        kept = [c for c in self.cells if c.state != state and c.element_id not in wanted]
        current = {c.element_id: c for c in self.cells if c.state == state}
        cells = []
        for element_id, element in wanted.items():
            cell = current.get(element_id) or next(
                (c for c in self.cells if c.element_id == element_id), None)
            if cell is None:
                cell = EventElement(element=element)
            if source is not None or cell.state != state:
                cell.source = source  # a source that said the other state no longer holds
            cell.state = state
            cells.append(cell)
        self.cells = kept + cells

    @property
    def sources(self) -> list:
        """The sources cited by the event's cells, by key."""
        return sorted({c.source.key: c.source for c in self.cells if c.source}.values(),
                      key=lambda s: s.key)


class EventAlias(db.Model):
    """Another name people use for an event (`MON 810`, `YieldGard`)."""

    __tablename__ = "event_aliases"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    alias = db.Column(db.String(120), nullable=False)
    alias_key = db.Column(db.String(120), nullable=False, unique=True)


class Authorisation(db.Model):
    """A jurisdiction's decision on an event (a country by ISO alpha-2, or `EU`)."""

    __tablename__ = "authorisations"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    jurisdiction = db.Column(db.String(2), nullable=False, index=True)
    scope = db.Column(StringList, nullable=False, default=list)
    status = db.Column(db.String(12), nullable=False)
    decision = db.Column(db.String(300))
    decided_on = db.Column(db.Date)
    valid_until = db.Column(db.Date)
    source = db.Column(db.String(500))

    __table_args__ = (
        db.CheckConstraint(one_of("status", AUTHORISATION_STATUSES), name="status"),
    )


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
    source_id = db.Column(db.Integer, db.ForeignKey("sources.id", ondelete="SET NULL"),
                          index=True)
    source = db.relationship(Source, lazy="joined")
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
    form = db.Column(db.String(20))  # empty: not known
    role = db.Column(db.String(10))  # gm or control; empty: not known
    certified_value = db.Column(db.String(60))
    unit = db.Column(db.String(30))
    source_id = db.Column(db.Integer, db.ForeignKey("sources.id", ondelete="SET NULL"),
                          index=True)
    source = db.relationship(Source, lazy="joined")
    events = db.relationship("Event", secondary=reference_material_events, lazy="selectin",
                             order_by="Event.unique_identifier")

    __table_args__ = (
        db.CheckConstraint(one_of("kind", MATERIAL_KINDS), name="kind"),
        db.CheckConstraint(one_of("form", MATERIAL_FORMS), name="form"),
        db.CheckConstraint(one_of("role", MATERIAL_ROLES), name="role"),
    )

    __mapper_args__ = {"version_id_col": version}
