import hashlib

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from labnet.database import UTCDateTime, one_of, utcnow
from labnet.extensions import db

ROLES = ("admin", "coordinator", "lab_manager", "border_agent")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False, default="")
    organization = db.Column(db.String(200))
    role = db.Column(db.String(20), nullable=False, index=True)
    password_hash = db.Column(db.String(255), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    # bumped on logout and password change: invalidates every session cookie issued before
    session_version = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(UTCDateTime)
    # pages, mail and problem details in this language (None: the browser's)
    language = db.Column(db.String(8))
    time_zone = db.Column(db.String(64))

    # loaded when a rule or page asks: most requests only need the user's role
    managed_labs = db.relationship("Lab", secondary="lab_managers", back_populates="managers",
                                   order_by="Lab.name")
    coordinated_networks = db.relationship("Network", secondary="network_coordinators",
                                           back_populates="coordinators")

    __table_args__ = (db.CheckConstraint(one_of("role", ROLES), name="role"),)

    def set_password(self, password: str) -> None:
        # werkzeug's default is scrypt
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def lab_ids(self) -> list[int]:
        return [lab.id for lab in self.managed_labs]

    @property
    def network_ids(self) -> list[int]:
        return [n.id for n in self.coordinated_networks]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_used_at = db.Column(UTCDateTime)
    revoked_at = db.Column(UTCDateTime)
    user = db.relationship("User", lazy="joined")
