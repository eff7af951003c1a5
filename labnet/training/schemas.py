from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate, validates_schema

from labnet.api.fields import COUNTRY, Id, short_list, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.training.models import AUDIENCES, MODALITIES


class TrainingOfferSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = Id(required=True)
    lab_name = fields.Function(lambda o: o.lab.name, dump_only=True)
    title = text(200, required=True)
    description = text(4000, allow_none=True)
    topics = short_list(20, 80, load_default=list)
    audience = fields.List(fields.String(validate=validate.OneOf(AUDIENCES)),
                           validate=validate.Length(min=1, max=len(AUDIENCES)), required=True)
    modality = fields.String(required=True, validate=validate.OneOf(MODALITIES))
    languages = short_list(10, 20, load_default=list)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    city = text(120, allow_none=True)
    country = fields.String(attribute="country_code", allow_none=True, validate=COUNTRY)
    seats_total = fields.Integer(required=True, validate=validate.Range(min=1, max=10_000))
    seats_remaining = fields.Integer(dump_only=True)
    archived_at = fields.DateTime(dump_only=True, allow_none=True, metadata={
        "description": "Set when the lab removed an offer people had enrolled in: it takes no more enrolments."})
    cost = text(120, allow_none=True)

    @validates_schema
    def dates(self, data, **kwargs):
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError(_("Must not be before start_date."), "end_date")


class TrainingQuery(PageArgs):
    lab = Id()
    q = fields.String(validate=validate.Length(max=100))
    upcoming = fields.Boolean(load_default=False)


class EnrolmentSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    offer_id = fields.Integer(dump_only=True)
    offer_title = fields.String(attribute="offer.title", dump_only=True)
    start_date = fields.Date(attribute="offer.start_date", dump_only=True)
    user_id = fields.Integer(dump_only=True)
    lab_id = Id(allow_none=True)
    seats = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))
    status = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    cancelled_at = fields.DateTime(dump_only=True, allow_none=True)


class EnrolmentQuery(PageArgs):
    pass
