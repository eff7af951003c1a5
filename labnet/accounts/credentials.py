"""People look after their own credentials: change a password, reset a forgotten one by
mail, end their sessions everywhere, edit their profile."""
import secrets

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import update

from labnet.accounts import throttle, twofactor
from labnet.accounts.auth import revoke_tokens
from labnet.accounts.models import PasswordReset, User, hash_token
from labnet.accounts.services import authenticate, check_second_factor, end_sessions, set_password, user_by_email
from labnet.audit.services import record_change
from labnet.database import utcnow
from labnet.errors import Gone, Invalid, NotFound, Unauthorized
from labnet.extensions import db
from labnet.mail import queue_mail


def confirm_password(user: User, password: str, field: str = "current_password") -> None:
    """The person proves it is them (throttled like a login); a wrong password is 422 by
    the field."""
    throttle.refuse_if_throttled(user.email)
    try:
        authenticate(user.email, password)
    except Unauthorized:
        throttle.note_failure(user.email)
        raise Invalid(_("The current password is wrong."),
                      {field: [_("This is not your current password.")]}) from None


def change_password(user: User, current_password: str, password: str, *,
                    keep_token: int | None = None) -> None:
    """Needs the current password. Every session ends, and every token but the one in use
    (`keep_token`) is revoked."""
    confirm_password(user, current_password)
    set_password(user, password)
    end_sessions(user)
    revoke_tokens(user, keep=keep_token)
    db.session.flush()
    record_change(user, "update", user, {"password": ["(changed)", "(changed)"]})


def request_password_reset(email: str) -> None:
    """Mail a single-use link valid PASSWORD_RESET_LIFETIME to a known, active address. The
    caller answers the same whether or not the address is known."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    link = password_link(user, current_app.config["PASSWORD_RESET_LIFETIME"])
    queue_mail(user.email, template="password_reset", language=user.language, user=user,
               link=link)


def password_link(user: User, lifetime) -> str:
    """The path of a new single-use link to set the user's password, valid `lifetime`."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(token),
                                 expires_at=utcnow() + lifetime))
    db.session.flush()
    return url_for("account_pages.reset_password", token=token)


def reset_password(token: str, password: str) -> User:
    """Use a reset link once: set the password, end every session, revoke every token.
    A used, stale or unknown link is gone (410)."""
    reset = db.session.scalar(db.select(PasswordReset).where(
        PasswordReset.token_hash == hash_token(token or "")))
    if reset is None:
        raise NotFound(_("No such link. Ask for a new one."))
    if reset.used_at is not None or reset.expires_at <= utcnow() or not reset.user.active:
        raise Gone(_("This link has been used or has expired. Ask for a new one."))
    user = reset.user
    set_password(user, password)  # a refused password leaves the link usable
    claimed = db.session.execute(
        update(PasswordReset).where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow()).returning(PasswordReset.id)
        .execution_options(synchronize_session=False)).first()
    if claimed is None:  # another request used it meanwhile
        raise Gone(_("This link has been used or has expired. Ask for a new one."))
    end_sessions(user)
    revoke_tokens(user)
    db.session.flush()
    record_change(user, "update", user, {"password": ["(reset)", "(reset)"]})
    return user


def check_reset_link(token: str) -> None:
    """404 for a link that never existed, 410 for one used or expired."""
    reset = db.session.scalar(db.select(PasswordReset).where(
        PasswordReset.token_hash == hash_token(token or "")))
    if reset is None:
        raise NotFound(_("No such link. Ask for a new one."))
    if reset.used_at is not None or reset.expires_at <= utcnow():
        raise Gone(_("This link has been used or has expired. Ask for a new one."))


def disable_two_factor(user: User, password: str, code: str) -> None:
    """Turning two-factor off needs the password and a current code."""
    confirm_password(user, password, "password")
    check_second_factor(user, code)
    twofactor.disable(user)
    record_change(user, "update", user, {"two_factor": [True, False]})


def sign_out_everywhere(user: User) -> None:
    """End every page session of the user, this one included."""
    end_sessions(user)
    db.session.flush()


def update_profile(user: User, data: dict) -> User:
    """Name, organization, language and time zone: the person's own to change."""
    for field in ("name", "organization", "language", "time_zone"):
        if field in data:
            setattr(user, field, data[field] or (None if field != "name" else ""))
    db.session.flush()
    return user
