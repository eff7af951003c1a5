from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, event, exists, or_
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property

from labnet.accounts.models import User
from labnet.authz import LAB_MANAGER, role_manages_labs
from labnet.catalogue.models import MATRICES  # noqa: F401  (labs list the matrices they test)
from labnet.database import StringList, UTCDateTime, constant, fold, one_of, today, utcnow, version_column
from labnet.extensions import db

LOCATION_SOURCES = ("manual", "geocoded", "country_centroid")
LAB_TYPES = ("government", "university", "private", "reference", "customs", "other")
ACCREDITATION_STATUSES = ("active", "suspended", "withdrawn")
# what a lab with no active manager says, and why it takes no requests (Lab.answered)
UNANSWERED = _l("No one answers for this lab yet")

lab_managers = db.Table(
    "lab_managers",
    db.Column("lab_id", db.ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

accreditation_scope = db.Table(
    "accreditation_scope",
    db.Column("accreditation_id", db.ForeignKey("accreditations.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("method_id", db.ForeignKey("methods.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Lab(db.Model):
    """A laboratory that detects and identifies LMOs."""

    __tablename__ = "labs"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    name = db.Column(db.String(200), nullable=False, index=True)
    institution = db.Column(db.String(200))
    country_code = db.Column(db.String(2), db.ForeignKey("countries.code"), nullable=False,
                             index=True)
    city = db.Column(db.String(120))
    address = db.Column(db.String(300))
    latitude = db.Column(db.Float)
    longitude = db.Column(db.Float)
    location_source = db.Column(db.String(20), nullable=False, default="country_centroid")
    lab_type = db.Column(db.String(20), nullable=False, default="government")
    accepts_external_samples = db.Column(db.Boolean, nullable=False, default=True, index=True)
    turnaround_days = db.Column(db.Integer)
    matrices = db.Column(StringList, nullable=False, default=list)
    contact_email = db.Column(db.String(254))
    # name, institution and city folded (labnet.database.fold), kept by lab_search_key below:
    # the directory's search then finds "Bogotá" for "bogota" with a plain LIKE on both databases
    search_key = db.Column(db.String(600), nullable=False, default="", server_default="")
    confirmed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # bytes of the lab's documents together, kept within a quota (documents.services)
    document_bytes = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # set when a lab others depend on is removed: it leaves the directory, matching and
    # coverage, and the parties of its requests and enrolments still read them
    archived_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    country = db.relationship("Country", lazy="joined")
    # the networks the lab is a member of (NetworkMembership.is_member), not those inviting it
    networks = db.relationship(
        "Network", secondary="network_memberships", lazy="selectin", order_by="Network.name",
        viewonly=True,
        primaryjoin="and_(Lab.id == NetworkMembership.lab_id, NetworkMembership.is_member)",
        secondaryjoin="Network.id == NetworkMembership.network_id")
    # invitations waiting for one of the lab's managers (its page shows them to them)
    invitations = db.relationship(
        "NetworkMembership", viewonly=True,
        primaryjoin="and_(Lab.id == NetworkMembership.lab_id, ~NetworkMembership.is_member)",
        order_by="NetworkMembership.joined_at")
    managers = db.relationship("User", secondary=lab_managers, back_populates="managed_labs")
    accreditations = db.relationship("Accreditation", back_populates="lab", lazy="selectin",
                                     cascade="all, delete-orphan",
                                     order_by="Accreditation.valid_from.desc()")
    # loaded when a page asks for them (the lab page), never for lists of labs
    capabilities = db.relationship("Capability", back_populates="lab",
                                   cascade="all, delete-orphan")
    # what the lab page shows of the domains above this one, named by string
    holdings = db.relationship(  # archived lots stay readable by the parties of their requests
        "Holding", viewonly=True, order_by="Holding.expiry_date",
        primaryjoin="and_(Lab.id == Holding.lab_id, Holding.archived_at.is_(None))")
    training_offers = db.relationship(
        "TrainingOffer", viewonly=True, order_by="TrainingOffer.start_date",
        primaryjoin="and_(Lab.id == TrainingOffer.lab_id, TrainingOffer.archived_at.is_(None))")
    proficiency_tests = db.relationship(
        "ProficiencyTest", viewonly=True,
        order_by="(ProficiencyTest.date.desc(), ProficiencyTest.id.desc())")

    __table_args__ = (
        db.CheckConstraint(one_of("location_source", LOCATION_SOURCES), name="location_source"),
        db.CheckConstraint(one_of("lab_type", LAB_TYPES), name="lab_type"),
        db.CheckConstraint("turnaround_days IS NULL OR turnaround_days >= 0",
                           name="turnaround_days"),
        db.CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude"),
        db.CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)",
                           name="longitude"),
        db.CheckConstraint("document_bytes >= 0", name="document_bytes"),
    )

    @hybrid_property
    def accredited(self) -> bool:
        """The lab has a current accreditation (see Accreditation.is_current)."""
        return any(a.current for a in self.accreditations)

    @accredited.inplace.expression
    @classmethod
    def _accredited_expression(cls):
        return exists().where(Accreditation.lab_id == cls.id, Accreditation.is_current(today()))

    @hybrid_property
    def accreditation_verified(self) -> bool:
        """The lab has a current accreditation that a coordinator or an admin verified (see
        Accreditation.is_verified_current): what "accredited" means on pages, in filters and
        exports."""
        return any(a.is_verified_current() for a in self.accreditations)

    @accreditation_verified.inplace.expression
    @classmethod
    def _accreditation_verified_expression(cls):
        return exists().where(Accreditation.lab_id == cls.id,
                              Accreditation.is_verified_current(today()))

    @hybrid_property
    def answered(self) -> bool:
        """Someone answers for the lab: it has an active manager. A lab no one answers for
        is shown as such and takes no requests (lists load `managers` with the labs)."""
        return any(user.active and role_manages_labs(user.role) for user in self.managers)

    @answered.inplace.expression
    @classmethod
    def _answered_expression(cls):
        return exists().where(lab_managers.c.lab_id == cls.id, lab_managers.c.user_id == User.id,
                              User.active.is_(True), User.role == LAB_MANAGER)

    @property
    def unanswered_reason(self) -> str | None:
        """Why the lab cannot take a request now that no one answers for it (else None)."""
        if self.answered:
            return None
        return _("%(unanswered)s: %(lab)s has no active manager to read and answer a request, "
                 "so it takes none. Choose another lab.", unanswered=UNANSWERED, lab=self.name)

    @property
    def self_declared(self) -> bool:
        """A current accreditation, none of them verified: shown as "self-declared"."""
        return self.accredited and not self.accreditation_verified

    @property
    def network_ids(self) -> list[int]:
        """The networks the lab is a member of (invitations do not count)."""
        return [n.id for n in self.networks]

    __mapper_args__ = {"version_id_col": version}


class Accreditation(db.Model):
    """An ISO/IEC 17025 accreditation with its scope of methods."""

    __tablename__ = "accreditations"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False)
    standard = db.Column(db.String(60), nullable=False, default="ISO/IEC 17025:2017")
    body = db.Column(db.String(160), nullable=False)
    certificate_number = db.Column(db.String(80), nullable=False)
    valid_from = db.Column(db.Date, nullable=False)
    # optional: some accreditation bodies issue certificates without an expiry date
    valid_until = db.Column(db.Date, index=True)
    status = db.Column(db.String(20), nullable=False, default="active")
    # set by a coordinator of one of the lab's networks or an admin; void once the record changes
    verified = db.Column(db.Boolean, nullable=False, default=False)
    last_verified_on = db.Column(db.Date)
    verified_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    verified_at = db.Column(UTCDateTime)
    # a verifier sent it back to the lab with a note: out of the queue until the record changes
    sent_back_note = db.Column(db.String(1000))
    sent_back_at = db.Column(UTCDateTime)
    lab = db.relationship("Lab", back_populates="accreditations")
    documents = db.relationship("Document", secondary="accreditation_documents",
                                order_by="Document.id")
    # loaded where the scope is shown; `current` and `accredited` never need it
    scope_methods = db.relationship("Method", secondary=accreditation_scope,
                                    order_by="Method.code")

    __table_args__ = (
        db.CheckConstraint(one_of("status", ACCREDITATION_STATUSES), name="status"),
        db.CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity"),
        # whether a lab is accredited (current and verified) today, answered from the index alone
        db.Index("ix_accreditations_lab_current", "lab_id", "status", "verified", "valid_from",
                 "valid_until"),
    )

    # "Current accreditation", the one definition: active, started, and not expired (an
    # accreditation without an expiry date stays current). Python for loaded records, SQL
    # for queries; `on` may be a date or a bound parameter.
    @hybrid_method
    def is_current(self, on: date | None = None) -> bool:
        on = on or today()
        return (self.status == "active" and self.valid_from <= on
                and (self.valid_until is None or on <= self.valid_until))

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls, on=None):
        on = today() if on is None else on
        # "active" written into the SQL: prepared-statement plans can weigh how selective it is
        return and_(cls.status == constant("active"), cls.valid_from <= on,
                    or_(cls.valid_until.is_(None), cls.valid_until >= on))

    # "Verified current accreditation": current, and verified since its record last changed.
    # This is what "accredited" means wherever a user relies on it.
    @hybrid_method
    def is_verified_current(self, on: date | None = None) -> bool:
        return self.verified and self.is_current(on)

    @is_verified_current.inplace.expression
    @classmethod
    def _is_verified_current_expression(cls, on=None):
        return and_(cls.verified.is_(True), cls.is_current(on))

    @property
    def current(self) -> bool:
        return self.is_current()

    @property
    def self_declared(self) -> bool:
        """Current, but not verified: the lab's word alone."""
        return self.current and not self.verified

    @property
    def scope_method_ids(self) -> list[int]:
        return [m.id for m in self.scope_methods]

    @property
    def document_ids(self) -> list[int]:
        return [d.id for d in self.documents]

    @property
    def sent_back(self) -> bool:
        return self.sent_back_at is not None

    __mapper_args__ = {"version_id_col": version}


class Capability(db.Model):
    """A lab runs a detection method (verified in-house on a date, with its limits of
    detection and quantification)."""

    __tablename__ = "capabilities"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False)
    method_id = db.Column(db.ForeignKey("methods.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    verified_on = db.Column(db.Date)
    # limits of detection and of quantification, each a number with its unit ("0.1 %")
    lod = db.Column(db.String(60))
    loq = db.Column(db.String(60))
    lab = db.relationship("Lab", back_populates="capabilities")
    method = db.relationship("Method", lazy="joined")

    __table_args__ = (db.UniqueConstraint("lab_id", "method_id", name="uq_capabilities_lab_method"),)

    __mapper_args__ = {"version_id_col": version}


def lab_search_key(name: str | None, institution: str | None, city: str | None) -> str:
    """What the directory's search looks in: name, institution and city, folded."""
    return "\n".join(fold(part) for part in (name, institution, city))[:600]


@event.listens_for(Lab, "before_insert")
@event.listens_for(Lab, "before_update")
def _keep_search_key(mapper, connection, lab) -> None:
    lab.search_key = lab_search_key(lab.name, lab.institution, lab.city)
