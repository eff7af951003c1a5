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
    # two-factor (TOTP): the base32 secret, when enrolment was confirmed (None: not enrolled),
    # and the last time step accepted, so one code is never accepted twice
    totp_secret = db.Column(db.String(32))
    totp_enabled_at = db.Column(UTCDateTime)
    totp_last_step = db.Column(db.BigInteger)

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
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

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
    expires_at = db.Column(UTCDateTime, nullable=False)
    user = db.relationship("User", lazy="joined")


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    code_hash = db.Column(db.String(64), nullable=False)
    used_at = db.Column(UTCDateTime)


class PasswordReset(db.Model):
    """A single-use link to set a new password, sent by mail; only its SHA-256 is stored."""

    __tablename__ = "password_resets"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = db.Column(UTCDateTime, nullable=False)
    used_at = db.Column(UTCDateTime)
    user = db.relationship("User")


class Invitation(db.Model):
    """An invitation to open an account with a given role, labs and networks; the mailed link
    carries the token, of which only the SHA-256 is stored."""

    __tablename__ = "invitations"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, index=True)
    role = db.Column(db.String(20), nullable=False)
    lab_ids = db.Column(db.JSON, nullable=False, default=list)
    network_ids = db.Column(db.JSON, nullable=False, default=list)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    invited_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = db.Column(UTCDateTime, nullable=False)
    accepted_at = db.Column(UTCDateTime)
    user_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    invited_by = db.relationship("User", foreign_keys=[invited_by_id])

    __table_args__ = (db.CheckConstraint(one_of("role", ROLES), name="role"),)


REQUEST_STATUSES = ("pending", "approved", "refused")


class AccountRequest(db.Model):
    """Someone without an account asks for one, to manage an existing lab or a new one. The
    coordinators of the lab's networks (admins for a new lab, or a lab in no network) decide."""

    __tablename__ = "account_requests"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    organization = db.Column(db.String(200))
    lab_id = db.Column(db.ForeignKey("labs.id", ondelete="CASCADE"), index=True)
    new_lab_name = db.Column(db.String(200))
    new_lab_country_code = db.Column(db.ForeignKey("countries.code"))
    new_lab_city = db.Column(db.String(120))
    status = db.Column(db.String(10), nullable=False, default="pending")
    reason = db.Column(db.String(1000))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_by_id = db.Column(db.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at = db.Column(UTCDateTime)
    lab = db.relationship("Lab")

    __table_args__ = (
        db.CheckConstraint(one_of("status", REQUEST_STATUSES), name="status"),
        db.CheckConstraint("(lab_id IS NULL) <> (new_lab_name IS NULL)", name="one_lab"),
        # one pending request per address, held by the database under concurrent posts
        db.Index("uq_account_requests_pending_email", "email", unique=True,
                 sqlite_where=db.text("status = 'pending'"),
                 postgresql_where=db.text("status = 'pending'")),
    )
