"""Two-factor authentication: TOTP codes from an authenticator app (RFC 6238, pyotp), and
ten single-use recovery codes for when the phone is lost."""
import secrets

import pyotp
import segno
from sqlalchemy import delete, or_, update

from labnet.accounts.models import RecoveryCode, User, hash_token
from labnet.database import utcnow
from labnet.extensions import db

ISSUER = "labnet"
RECOVERY_CODES = 10
# one step either side of now: a phone clock 30 s off still works
VALID_WINDOW = 1


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG: no image request, no inline style (the CSP allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def start_enrolment(user: User) -> None:
    """A new secret waits for a first code before two-factor is on (`totp_enabled_at`)."""
    if not user.two_factor_enabled and not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()


def _clean(code: str | None) -> str:
    return "".join((code or "").split()).replace("-", "").lower()[:64]


def accept_totp(user: User, code: str | None) -> bool:
    """Whether `code` is the current TOTP code (or one step either side) not used before:
    the step is recorded in one conditional UPDATE, so a code works once."""
    code = _clean(code)
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now_step = totp.timecode(utcnow())
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            taken = db.session.execute(
                update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None),
                                                           User.totp_last_step < step))
                .values(totp_last_step=step).returning(User.id)
                .execution_options(synchronize_session=False)).first()
            return taken is not None
    return False


def accept_recovery_code(user: User, code: str | None) -> bool:
    code = _clean(code)
    if len(code) != 10:
        return False
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == hash_token(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).returning(RecoveryCode.id)
        .execution_options(synchronize_session=False)).first()
    return used is not None


def accept_code(user: User, code: str | None) -> bool:
    """A TOTP code, or one of the user's unused recovery codes."""
    return accept_totp(user, code) or accept_recovery_code(user, code)


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (any earlier ones stop working); shown once, only hashes kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(c)) for c in codes)
    db.session.flush()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def confirm_enrolment(user: User, code: str | None) -> list[str] | None:
    """Turn two-factor on once the first code matches; the recovery codes, or None."""
    if user.two_factor_enabled or not accept_totp(user, code):
        return None
    user.totp_enabled_at = utcnow()
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()
