"""Inputs of invitations and account requests, shared by the pages and the API."""
from marshmallow import Schema, fields, validate

from labnet.accounts.models import ROLES
from labnet.api.fields import COUNTRY, Id


class InvitationSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    lab_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))
    network_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)


class AcceptInvitationSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class AccountRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    organization = fields.String(validate=validate.Length(max=200))
    lab_id = Id()
    new_lab_name = fields.String(validate=validate.Length(min=1, max=200))
    new_lab_country_code = fields.String(validate=COUNTRY)
    new_lab_city = fields.String(validate=validate.Length(max=120))


class RefusalSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
