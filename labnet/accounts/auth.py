"""Who is asking: session cookies for pages, bearer tokens for the API."""
import datetime as dt
import secrets

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select, update

from labnet.accounts import sessions
from labnet.accounts.models import ApiToken, User, hash_token
from labnet.database import utcnow
from labnet.errors import NotFound, Unauthorized
from labnet.extensions import db, login_manager

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_app(app) -> None:
    login_manager.login_view = "accounts_pages.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "basic"
    sessions.init_app(app)


@login_manager.user_loader
def load_session_user(session_id: str):
    user_id, _colon, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # a logout or password change bumps the version and so ends every older session
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def issue_token(user: User) -> str:
    """A new bearer token, valid API_TOKEN_LIFETIME (90 days unless configured)."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token),
                            expires_at=utcnow() + current_app.config["API_TOKEN_LIFETIME"]))
    return token


def token_user(token: str):
    """The active user behind a token neither revoked nor expired (`.User`) and the token's
    id (`.token_id`), or None."""
    return db.session.execute(
        select(User, ApiToken.id.label("token_id")).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None),
               ApiToken.expires_at > utcnow(), User.active.is_(True))).first()


def live_tokens_query(user: User):
    """The user's tokens that still work, newest first."""
    return select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                                  ApiToken.expires_at > utcnow()).order_by(ApiToken.id.desc())


def revoke_token(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; another's is not found (404), not forbidden."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


def revoke_tokens(user: User, keep: int | None = None) -> None:
    """Revoke every token of the user, but `keep` (the one in use, when it is to stay)."""
    db.session.execute(update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.id != (keep or 0))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


# when a token was last used, to the minute: enough to tell a forgotten token from a live one,
# without a write on every call
TOKEN_USE_PRECISION = dt.timedelta(minutes=1)


def note_token_use(token_id: int) -> None:
    """Record that a token was used, at most once a minute (one conditional UPDATE)."""
    now = utcnow()
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id, or_(
            ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_USE_PRECISION))
        .values(last_used_at=now).execution_options(synchronize_session=False))


def api_actor() -> User | None:
    """The user behind an API call: a bearer token, or the session for reads only
    (writes through the session cookie would bypass CSRF protection)."""
    if "actor" in g:
        return g.actor
    actor = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(_("Send the token as 'Authorization: Bearer <token>'."))
        found = token_user(token.strip())
        if found is None:
            raise Unauthorized(_("The token is unknown, expired or revoked."))
        actor, g.token_id = found.User, found.token_id
        note_token_use(found.token_id)
    elif request.method in SAFE_METHODS and current_user.is_authenticated:
        actor = current_user._get_current_object()
    g.actor = actor
    return actor


def require_actor() -> User:
    actor = api_actor()
    if actor is None:
        raise Unauthorized(_("Log in first: POST /api/v1/tokens, then send the bearer token."))
    return actor


def revoke_current_token() -> None:
    require_actor()
    token_id = g.get("token_id")
    if token_id is None:
        raise Unauthorized(_("Only a bearer token can be revoked this way."))
    db.session.get(ApiToken, token_id).revoked_at = utcnow()
