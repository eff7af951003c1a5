from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from labnet.api.fields import COUNTRY, Id, short_list, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import MATRICES
from labnet.database import today
from labnet.requests.models import RECEIPT_CONDITIONS, SHIPPING_CONDITIONS
from labnet.requests.reports import RESULT_OUTCOMES
from labnet.requests.workflow import MATERIAL_STATUSES, TESTING_STATUSES


class StepSchema(Schema):
    """One step of a request's history (a testing request's chain of custody): who, when,
    what."""

    status = fields.String(metadata={"description": "The status the step moved the request to."})
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.Function(lambda step: step.actor.name if step.actor else None,
                                 dump_only=True, allow_none=True)
    note = fields.String(allow_none=True)
    details = fields.Dict(allow_none=True, metadata={
        "description": "What the step recorded: the shipment's courier and conditions, the "
                       "state a parcel or the samples arrived in, the MTA accepted..."})
    at = fields.DateTime()


def _not_past(day) -> None:
    if day is not None and day < today():
        raise ValidationError(_("Must be today or later."))


class MtaAcceptanceSchema(InputSchema):
    name = text(200, required=True)
    title = text(200, required=True)
    at = fields.DateTime(dump_only=True)


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
    shipping_address = text(1000, allow_none=True, metadata={
        "description": "Where the holder sends the parcel: institution, street, city, country."})
    shipping_contact = text(300, allow_none=True, metadata={
        "description": "Who receives the parcel: name, telephone."})
    shipping_address_confirmed = fields.Boolean(load_only=True, load_default=False, metadata={
        "description": "The requester confirms the address is right; required with an address."})
    shipping_address_confirmed_at = fields.DateTime(dump_only=True, allow_none=True)
    mta_accepted_by = fields.Nested(MtaAcceptanceSchema, allow_none=True, metadata={
        "description": "Who accepted the lot's material transfer agreement on the requesting "
                       "lab's behalf; required when the lot has mta_required (422 without)."})
    mta_text_accepted = fields.String(dump_only=True, allow_none=True)
    import_permit_needed = fields.Boolean(allow_none=True, metadata={
        "description": "Whether the requester's country needs an import permit for this "
                       "material; null when not said."})
    import_permit_reference = text(120, allow_none=True, metadata={
        "description": "The import permit's reference; required when a permit is needed."})
    courier = fields.String(dump_only=True, allow_none=True)
    tracking_number = fields.String(dump_only=True, allow_none=True)
    shipping_conditions = fields.String(dump_only=True, allow_none=True)
    receipt_condition = fields.String(dump_only=True, allow_none=True)
    receipt_note = fields.String(dump_only=True, allow_none=True)
    decline_reason = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Why the holder declined (declined requests only)."})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    history = fields.List(fields.Nested(StepSchema), dump_only=True)


class NotTestedSchema(InputSchema):
    target = text(60, required=True)
    reason = text(500, required=True)


class ResultSchema(InputSchema):
    """One target's result in one sample."""

    sample_id = text(60, required=True)
    target = text(60, required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(RESULT_OUTCOMES))
    gm_percent = fields.Float(allow_none=True, validate=validate.Range(min=0, max=100), metadata={
        "description": "GM content in %, 0 to 100 (detected or inconclusive only)."})
    uncertainty = fields.Float(allow_none=True, validate=validate.Range(min=0), metadata={
        "description": "Expanded measurement uncertainty, in % GM (with gm_percent only)."})
    lod = text(60, allow_none=True, metadata={"description": "Limit of detection, with its unit."})
    method_code = text(60, allow_none=True)


class ReportVersionSchema(Schema):
    number = fields.Integer()
    actor_id = fields.Integer(allow_none=True)
    at = fields.DateTime()
    detected = fields.List(fields.String())
    not_detected = fields.List(fields.String())
    not_tested = fields.List(fields.Nested(NotTestedSchema))
    report_reference = fields.String()
    results = fields.List(fields.Nested(ResultSchema))
    note = fields.String(allow_none=True)


class ConsignmentSchema(InputSchema):
    commodity = text(200, allow_none=True)
    origin_country = fields.String(allow_none=True, validate=COUNTRY, metadata={
        "description": "ISO 3166-1 alpha-2 code of the country of origin."})
    reference = text(120, allow_none=True, metadata={
        "description": "The consignment's reference (bill of lading, customs entry)."})
    lot = text(120, allow_none=True)


class SampleSchema(InputSchema):
    sample_id = text(60, required=True)
    seal = text(60, allow_none=True, metadata={"description": "The seal number on the sample."})
    mass_g = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False,
                                                                 max=1_000_000))


SAMPLE_ROWS = 6  # sample rows the page form offers; the API takes up to 200


class SamplesReceiptSchema(InputSchema):
    received_on = fields.Date(required=True, metadata={"description": "Today or earlier."})
    condition = fields.String(required=True, validate=validate.OneOf(RECEIPT_CONDITIONS))
    seals_intact = fields.Boolean(required=True)
    note = text(2000, allow_none=True)


class TestingRequestSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True)
    lab_id = Id(required=True)
    commodity = text(200, required=True)
    matrix = fields.String(required=True, validate=validate.OneOf(MATRICES))
    events = short_list(50, 60, load_default=list)
    elements = short_list(50, 60, load_default=list)
    sample_count = fields.Integer(validate=validate.Range(min=1, max=10_000), metadata={
        "description": "1 when neither it nor samples[] is given; with samples[], their number."})
    needed_by = fields.Date(allow_none=True)
    port = text(200, allow_none=True)
    consignment = fields.Nested(ConsignmentSchema, allow_none=True)
    samples = fields.List(fields.Nested(SampleSchema), validate=validate.Length(max=200),
                          load_default=list, metadata={
                              "description": "Sample ids are unique within the request."})
    samples_receipt = fields.Nested(SamplesReceiptSchema, dump_only=True, allow_none=True)
    results = fields.List(fields.Nested(ResultSchema), dump_only=True, metadata={
        "description": "Per-sample results of the current report."})
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


class ShipSchema(NoteSchema):
    courier = text(120, allow_none=True)
    tracking_number = text(120, allow_none=True)
    conditions = fields.String(allow_none=True, validate=validate.OneOf(SHIPPING_CONDITIONS))


class ReceiveSchema(NoteSchema):
    condition = fields.String(allow_none=True, validate=validate.OneOf(RECEIPT_CONDITIONS))


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
    results = fields.List(fields.Nested(ResultSchema), load_default=list,
                          validate=validate.Length(max=2000), metadata={
                              "description": "Per sample and target; each names a sample of "
                                             "the request and one of its targets."})
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
