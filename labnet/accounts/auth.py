"""Who is asking: session cookies for pages, bearer tokens for the API."""
import secrets

from flask import request
from flask_login import current_user
from sqlalchemy import bindparam, select

from labnet.accounts.models import ApiToken, User, hash_token
from labnet.dbtypes import utcnow
from labnet.errors import Unauthorized
from labnet.extensions import db, login_manager

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_app(app) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.session_protection = "basic"


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


# built once: every API call runs it
_TOKEN_BY_HASH = select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))


def token_record(token: str) -> ApiToken | None:
    record = db.session.scalar(_TOKEN_BY_HASH, {"token_hash": hash_token(token)})
    if record is None or record.revoked_at is not None or not record.user.active:
        return None
    return record


def api_actor() -> User | None:
    """The user behind an API call: a bearer token, or the session for reads only
    (writes through the session cookie would bypass CSRF protection)."""
    cache = request.environ.setdefault("labnet.auth", {})
    if "actor" in cache:
        return cache["actor"]
    actor = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send the token as 'Authorization: Bearer <token>'.")
        record = token_record(token.strip())
        if record is None:
            raise Unauthorized("The token is unknown or has been revoked.")
        cache["token"] = record
        actor = record.user
    elif request.method in SAFE_METHODS and current_user.is_authenticated:
        actor = current_user._get_current_object()
    cache["actor"] = actor
    return actor


def require_actor() -> User:
    actor = api_actor()
    if actor is None:
        raise Unauthorized("Log in first: POST /api/v1/tokens, then send the bearer token.")
    return actor


def revoke_current_token() -> None:
    require_actor()
    record = request.environ["labnet.auth"].get("token")
    if record is None:
        raise Unauthorized("Only a bearer token can be revoked this way.")
    record.revoked_at = utcnow()
