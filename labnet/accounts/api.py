import logging

from flask import current_app, g, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from labnet import authz
from labnet.accounts import credentials, services
from labnet.accounts.auth import api_actor, issue_token, live_tokens_query, require_actor, revoke_current_token
from labnet.accounts.auth import revoke_token as revoke_own_token
from labnet.accounts.models import ROLES
from labnet.accounts.schemas import (
    AcceptedSchema,
    CredentialsSchema,
    PasswordChangeSchema,
    PasswordResetRequestSchema,
    PasswordResetSchema,
    TokenInfoSchema,
    TokenSchema,
)
from labnet.api.blueprint import Blueprint
from labnet.api.fields import Id
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.errors import Unauthorized
from labnet.extensions import limiter

blp = Blueprint("users", __name__, description="Tokens and users")
log = logging.getLogger("labnet.auth")


class UserPatchSchema(Schema):
    name = fields.String(validate=validate.Length(max=120))
    organization = fields.String(allow_none=True, validate=validate.Length(max=200))
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    name = fields.String(load_default="", validate=validate.Length(max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    organization = fields.String(allow_none=True, validate=validate.Length(max=200))
    lab_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))
    network_ids = fields.List(Id(), load_default=list,
                              validate=validate.Length(max=100))
    active = fields.Boolean(dump_only=True)


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(TokenInfoSchema))
    @blp.doc(security=[{"bearer": []}])
    def get(self, args):
        """The caller's tokens that still work (neither revoked nor expired)."""
        return paginate(live_tokens_query(require_actor()), args["page"], args["per_page"])

    @blp.arguments(CredentialsSchema)
    @blp.response(201, TokenSchema)
    def post(self, data):
        """Exchange email and password (and `otp` when two-factor is on) for a bearer token,
        valid 90 days unless configured otherwise. Failed attempts are throttled per account
        and per address (429 with Retry-After)."""
        try:
            user = services.api_login(data["email"], data["password"], data.get("otp"))
        except Unauthorized:
            log.warning("api login failed for %r from %s", data["email"][:254], request.remote_addr)
            raise
        token = issue_token(user)
        log.info("api login user %s from %s", user.id, request.remote_addr)
        return {"token": token}


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
def revoke_one_token(token_id):
    """Revoke one of the caller's tokens (another's: 404)."""
    revoke_own_token(bearer_actor(), token_id)


def bearer_actor():
    """Writes through the API need a bearer token (a session cookie only reads)."""
    actor = require_actor()
    if g.get("token_id") is None:
        raise Unauthorized(_("Send a bearer token to change anything through the API."))
    return actor


@blp.route("/users/me/password", methods=["POST"])
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
def change_password(data):
    """Change the caller's password: every session ends, every other token is revoked."""
    actor = bearer_actor()
    credentials.change_password(actor, data["current_password"], data["password"],
                                keep_token=g.token_id)


RESET_ANSWER = _l("If an account uses this address, a link to set a new password is on its way. "
                  "It works once, within an hour.")


def reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT"]


@blp.route("/password-resets", methods=["POST"])
@limiter.limit(reset_limit, methods=["POST"])
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202, AcceptedSchema)
def request_password_reset(data):
    """Mail a password reset link; the same answer whether or not the address is known."""
    credentials.request_password_reset(data["email"])
    return {"detail": str(RESET_ANSWER)}


@blp.route("/password-resets/<string:token>", methods=["POST"])
@blp.arguments(PasswordResetSchema)
@blp.response(204)
def reset_password(data, token):
    """Set a new password with a reset link's token (used or stale: 410)."""
    credentials.reset_password(token[:100], data["password"])


@blp.route("/tokens/current", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
def revoke_token():
    """Revoke the token this request was sent with."""
    revoke_current_token()


@blp.route("/users")
class Users(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(UserSchema))
    @blp.doc(security=[{"bearer": []}])
    def get(self, args):
        actor = require_actor()
        authz.require(authz.can_manage_users(actor), actor, _("Only an admin lists users."))
        return paginate(services.user_list_query(), args["page"], args["per_page"])

    @blp.arguments(UserSchema)
    @blp.response(201, UserSchema)
    @blp.doc(security=[{"bearer": []}])
    def post(self, data):
        user = services.create_user(api_actor(), data)
        return user


@blp.route("/users/<int:user_id>", methods=["PATCH"])
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
@blp.doc(security=[{"bearer": []}])
def update_user(data, user_id):
    """Change a user's role, name, organization or active flag (admin)."""
    user = services.update_user(api_actor(), user_id, data)
    return user


@blp.route("/users/me")
@blp.response(200, UserSchema)
@blp.doc(security=[{"bearer": []}])
def me():
    return require_actor()

