"""Networks of laboratories: who belongs to which, and who coordinates them."""
from labnet.database import UTCDateTime, utcnow, version_column
from labnet.extensions import db

network_coordinators = db.Table(
    "network_coordinators",
    db.Column("network_id", db.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class NetworkMembership(db.Model):
    __tablename__ = "network_memberships"
    network_id = db.Column(db.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


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
    labs = db.relationship("Lab", secondary="network_memberships", back_populates="networks",
                           order_by="Lab.name", viewonly=True)
    coordinators = db.relationship("User", secondary=network_coordinators,
                                   back_populates="coordinated_networks")

    __mapper_args__ = {"version_id_col": version}
