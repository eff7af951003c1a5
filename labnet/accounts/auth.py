"""Who is asking: session cookies for pages, bearer tokens for the API."""
import datetime as dt
import secrets

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select, update

from labnet.accounts.models import ApiToken, User, hash_token
from labnet.database import utcnow
from labnet.errors import Unauthorized
from labnet.extensions import db, login_manager

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_app(app) -> None:
    login_manager.login_view = "accounts_pages.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.session_protection = "basic"


def login_limit() -> str:
    """How many failed logins an address may make (pages and API alike)."""
    return current_app.config["LOGIN_THROTTLE"]


@login_manager.user_loader
def load_session_user(session_id: str):
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # a logout or password change bumps the version and so ends every older session
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def issue_token(user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    return token


def token_user(token: str):
    """The active user behind a token that is not revoked (`.User`) and the token's id
    (`.token_id`), or None."""
    return db.session.execute(
        select(User, ApiToken.id.label("token_id")).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None),
               User.active.is_(True))).first()


# when a token was last used, to the hour: enough to tell a forgotten token from a live one,
# without a write on every call
TOKEN_USE_PRECISION = dt.timedelta(hours=1)


def note_token_use(token_id: int) -> None:
    """Record that a token was used, at most once an hour (one conditional UPDATE)."""
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
            raise Unauthorized(_("The token is unknown or has been revoked."))
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
