import logging

from flask import request
from flask.views import MethodView
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from labnet import authz
from labnet.accounts import services
from labnet.accounts.auth import api_actor, issue_token, login_limit, require_actor, revoke_current_token
from labnet.accounts.models import ROLES
from labnet.api.blueprint import Blueprint
from labnet.api.fields import Id
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.extensions import limiter

blp = Blueprint("users", __name__, description="Tokens and users")
log = logging.getLogger("labnet.auth")


class UserPatchSchema(Schema):
    name = fields.String(validate=validate.Length(max=120))
    organization = fields.String(allow_none=True, validate=validate.Length(max=200))
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()


class CredentialsSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class TokenSchema(Schema):
    token = fields.String()


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


@blp.route("/tokens", methods=["POST"])
@limiter.limit(login_limit, methods=["POST"])
@blp.arguments(CredentialsSchema)
@blp.response(201, TokenSchema)
def create_token(data):
    """Exchange email and password for a bearer token."""
    try:
        user = services.authenticate(data["email"], data["password"])
    except Exception:
        log.warning("api login failed for %r from %s", data["email"][:254], request.remote_addr)
        raise
    token = issue_token(user)
    log.info("api login user %s from %s", user.id, request.remote_addr)
    return {"token": token}


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

