from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from labnet.api.fields import COUNTRY, M49, Id, QueryBool, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.database import today
from labnet.labs.models import ACCREDITATION_STATUSES, LAB_TYPES, LOCATION_SOURCES, MATRICES


class LabSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    name = text(200, required=True)
    institution = text(200, allow_none=True)
    country = fields.String(required=True, attribute="country_code", validate=COUNTRY)
    city = text(120, allow_none=True)
    address = text(300, allow_none=True)
    latitude = fields.Float(allow_none=True, validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(allow_none=True, validate=validate.Range(min=-180, max=180))
    location_source = fields.String(dump_only=True, validate=validate.OneOf(LOCATION_SOURCES))
    lab_type = fields.String(load_default="government", validate=validate.OneOf(LAB_TYPES))
    accepts_external_samples = fields.Boolean(load_default=True)
    turnaround_days = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=365))
    matrices = fields.List(fields.String(validate=validate.OneOf(MATRICES)),
                           validate=validate.Length(max=len(MATRICES)), load_default=list)
    contact_email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    network_ids = fields.List(fields.Integer(), dump_only=True)
    region = fields.Function(lambda lab: lab.country.region_code, dump_only=True)
    subregion = fields.Function(lambda lab: lab.country.subregion_code, dump_only=True)
    accredited = fields.Boolean(dump_only=True)
    archived_at = fields.DateTime(dump_only=True, allow_none=True, metadata={
        "description": "Set when the lab was removed while others still read records that name it: "
                       "it has left the directory, matching and coverage."})
    accreditation_verified = fields.Boolean(dump_only=True)
    # false: the lab has no active manager, and takes no requests
    answered = fields.Boolean(dump_only=True)
    confirmed_at = fields.DateTime(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @validates_schema
    def both_coordinates(self, data, **kwargs):
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            missing = "longitude" if has_lat else "latitude"
            raise ValidationError(_("Give latitude and longitude together, or neither."), missing)


class LabQuery(PageArgs):
    country = fields.String(validate=COUNTRY)
    region = fields.String(validate=M49)
    network = Id()
    event = fields.String(validate=validate.Length(max=60))
    element = fields.String(validate=validate.Length(max=60))
    accredited = QueryBool()
    verified_only = QueryBool(load_default=False)
    q = fields.String(validate=validate.Length(max=100))


class AccreditationSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = fields.Integer(dump_only=True)
    standard = text(60, load_default="ISO/IEC 17025:2017")
    body = text(160, required=True)
    certificate_number = text(80, required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(allow_none=True)
    status = fields.String(load_default="active", validate=validate.OneOf(ACCREDITATION_STATUSES))
    scope_method_ids = fields.List(Id(), validate=validate.Length(max=500),
                                   load_default=list)
    document_ids = fields.List(Id(), validate=validate.Length(max=20), load_default=list,
                               metadata={"description": "The lab's own documents: certificate, scope"})
    verified = fields.Boolean()
    sent_back_note = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Why a verifier sent the accreditation back; cleared when it changes"})
    sent_back_at = fields.DateTime(dump_only=True, allow_none=True)
    last_verified_on = fields.Date(dump_only=True)
    verified_by = fields.Integer(attribute="verified_by_id", dump_only=True, allow_none=True)
    verified_at = fields.DateTime(dump_only=True, allow_none=True)
    current = fields.Boolean(dump_only=True)

    @validates_schema
    def validity(self, data, **kwargs):
        if data.get("valid_from") and data.get("valid_until") \
                and data["valid_until"] < data["valid_from"]:
            raise ValidationError(_("Must not be before valid_from."), "valid_until")


# a limit is a number followed by its unit: "0.1 %", "20 copies", "0.01 % (m/m)"
LIMIT = validate.Regexp(r"^\s*\d+([.,]\d+)?\s*[^\d\s.,].*$",
                        error="A number followed by its unit, e.g. 0.1 % or 20 copies.")


class CapabilitySchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = fields.Integer(dump_only=True)
    method_id = Id(required=True)
    method_code = fields.Function(lambda c: c.method.code, dump_only=True)
    verified_on = fields.Date(allow_none=True)
    lod = fields.String(allow_none=True, validate=[validate.Length(max=60), LIMIT], metadata={
        "description": "Limit of detection, a number with its unit (0.05 %, 20 copies)"})
    loq = fields.String(allow_none=True, validate=[validate.Length(max=60), LIMIT], metadata={
        "description": "Limit of quantification, a number with its unit (0.1 %, 50 copies)"})

    @validates("verified_on")
    def not_in_the_future(self, value, **kwargs):
        if value is not None and value > today():
            raise ValidationError(_("A method cannot have been verified on a day still to come."))


class SendBackSchema(InputSchema):
    note = text(1000, required=True, metadata={
        "description": "What the lab must correct or add before the accreditation is verified"})


class HistoryEntrySchema(Schema):
    """An entry of a lab's history as its reader may see it (labs.services.history_lines)."""
    id = fields.Integer()
    at = fields.DateTime()
    user_id = fields.Integer(allow_none=True)
    by = fields.String()
    action = fields.String()
    entity_type = fields.String()
    entity_id = fields.Integer()
    changes = fields.Dict()
