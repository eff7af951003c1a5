from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from labnet.api.fields import Id, short_list, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import MATRICES
from labnet.database import today
from labnet.requests.workflow import MATERIAL_STATUSES, TESTING_STATUSES


class StepSchema(Schema):
    status = fields.String()
    actor_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    at = fields.DateTime()


def _not_past(day) -> None:
    if day is not None and day < today():
        raise ValidationError(_("Must be today or later."))


class MaterialRequestSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True)
    requester_lab_id = Id(required=True)
    holding_id = Id(required=True)
    holding_lab_id = fields.Function(lambda r: r.holding.lab_id, dump_only=True)
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10_000),
                              metadata={"description": "Whole units (vials, tubes)."})
    needed_by = fields.Date(allow_none=True, validate=_not_past,
                            metadata={"description": "Today or later."})
    purpose = text(2000, allow_none=True)
    decline_reason = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Why the holder declined (declined requests only)."})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    history = fields.List(fields.Nested(StepSchema), dump_only=True)


class NotTestedSchema(InputSchema):
    target = text(60, required=True)
    reason = text(500, required=True)


class ReportVersionSchema(Schema):
    number = fields.Integer()
    actor_id = fields.Integer(allow_none=True)
    at = fields.DateTime()
    detected = fields.List(fields.String())
    not_detected = fields.List(fields.String())
    not_tested = fields.List(fields.Nested(NotTestedSchema))
    report_reference = fields.String()
    note = fields.String(allow_none=True)


class TestingRequestSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True)
    lab_id = Id(required=True)
    commodity = text(200, required=True)
    matrix = fields.String(required=True, validate=validate.OneOf(MATRICES))
    events = short_list(50, 60, load_default=list)
    elements = short_list(50, 60, load_default=list)
    sample_count = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    needed_by = fields.Date(allow_none=True)
    port = text(200, allow_none=True)
    detected = fields.List(fields.String(), dump_only=True)
    not_detected = fields.List(fields.String(), dump_only=True)
    not_tested = fields.List(fields.Nested(NotTestedSchema), dump_only=True)
    report_reference = fields.String(dump_only=True, allow_none=True)
    versions = fields.List(fields.Nested(ReportVersionSchema), dump_only=True)
    created_by_id = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    history = fields.List(fields.Nested(StepSchema), dump_only=True)


class NoteSchema(InputSchema):
    note = text(2000, allow_none=True)


class DeclineSchema(InputSchema):
    reason = text(2000, required=True, metadata={
        "description": "Why the holder declines; the requester reads it on the request and in "
                       "its history."})


class ReportSchema(InputSchema):
    """A report, or an amended one: every requested target in exactly one of detected,
    not_detected and not_tested (labnet.requests.reports)."""

    detected = short_list(100, 60, load_default=list)
    not_detected = short_list(100, 60, load_default=list)
    not_tested = fields.List(fields.Nested(NotTestedSchema), load_default=list,
                             validate=validate.Length(max=100))
    report_reference = text(120, required=True)
    note = text(2000, allow_none=True)


class MaterialRequestQuery(PageArgs):
    status = fields.String(validate=validate.OneOf(MATERIAL_STATUSES))


class TestingRequestQuery(PageArgs):
    status = fields.String(validate=validate.OneOf(TESTING_STATUSES))


class InboxItemSchema(Schema):
    kind = fields.String()
    id = fields.Integer()
    status = fields.String()
    summary = fields.String()
    actions = fields.List(fields.String())
    updated_at = fields.DateTime()
