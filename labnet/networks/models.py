"""Networks of laboratories: who belongs to which, and who coordinates them."""
from sqlalchemy.ext.hybrid import hybrid_property

from labnet.database import UTCDateTime, constant, one_of, utcnow, version_column
from labnet.extensions import db

network_coordinators = db.Table(
    "network_coordinators",
    db.Column("network_id", db.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

# A coordinator's invitation makes a lab `invited`; it is a `member` only once one of its
# managers accepts (an admin adds members at once).
INVITED, MEMBER = "invited", "member"
MEMBERSHIP_STATUSES = (INVITED, MEMBER)


class NetworkMembership(db.Model):
    __tablename__ = "network_memberships"
    network_id = db.Column(db.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True, index=True)
    status = db.Column(db.String(20), nullable=False, default=MEMBER, server_default=MEMBER)
    # when the lab was invited or added; set again when it accepts
    joined_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    network = db.relationship("Network", lazy="joined", viewonly=True)

    __table_args__ = (db.CheckConstraint(one_of("status", MEMBERSHIP_STATUSES), name="status"),)

    # "Member", the one definition: an invited lab is not a member anywhere membership counts
    # (a lab's networks, coverage of a network, "same network" in matching, coordinators'
    # rights). Python for loaded rows, SQL for queries.
    @hybrid_property
    def is_member(self) -> bool:
        return self.status == MEMBER

    @is_member.inplace.expression
    @classmethod
    def _is_member_expression(cls):
        return cls.status == constant(MEMBER)


class Network(db.Model):
    """A (sub)regional network of laboratories that share materials, methods and training."""

    __tablename__ = "networks"
    id = db.Column(db.Integer, primary_key=True)
    version = version_column()
    name = db.Column(db.String(160), nullable=False, unique=True)
    acronym = db.Column(db.String(30))
    description = db.Column(db.String(2000))
    region_code = db.Column(db.String(3), db.ForeignKey("regions.code"), index=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    labs = db.relationship(
        "Lab", secondary="network_memberships", order_by="Lab.name", viewonly=True,
        primaryjoin="and_(Network.id == NetworkMembership.network_id, NetworkMembership.is_member)",
        secondaryjoin="Lab.id == NetworkMembership.lab_id")
    invited_labs = db.relationship(
        "Lab", secondary="network_memberships", order_by="Lab.name", viewonly=True,
        primaryjoin="and_(Network.id == NetworkMembership.network_id, ~NetworkMembership.is_member)",
        secondaryjoin="Lab.id == NetworkMembership.lab_id")
    coordinators = db.relationship("User", secondary=network_coordinators,
                                   back_populates="coordinated_networks")

    __mapper_args__ = {"version_id_col": version}
