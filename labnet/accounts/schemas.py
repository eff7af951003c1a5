"""Inputs of the account pages and API: one schema per input, shared by both."""
import zoneinfo

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from labnet.i18n import LANGUAGES

PASSWORD = validate.Length(max=1024)


class CredentialsSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    # the current two-factor code (or a recovery code), for accounts that have it on
    otp = fields.String(load_only=True, validate=validate.Length(max=64))


class TokenSchema(Schema):
    token = fields.String()


class TokenInfoSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime()


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True, validate=PASSWORD)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)


class PasswordResetRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))


class PasswordResetSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=PASSWORD)


class AcceptedSchema(Schema):
    detail = fields.String()


def time_zone_name(value: str) -> None:
    """An IANA time zone name known to this host's time zone database."""
    if value not in zoneinfo.available_timezones() and value != "UTC":
        raise ValidationError(_("An IANA time zone, e.g. Africa/Nairobi."))


class ProfileSchema(Schema):
    name = fields.String(validate=validate.Length(max=120))
    organization = fields.String(allow_none=True, validate=validate.Length(max=200))
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES))
    time_zone = fields.String(allow_none=True, validate=[validate.Length(max=64),
                                                         time_zone_name])


class CodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))


class DisableTwoFactorSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))
