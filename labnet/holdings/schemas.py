from marshmallow import fields, validate

from labnet.api.fields import Id
from labnet.api.schema_base import InputSchema
from labnet.api.fields import text
from labnet.holdings.models import SHARING_TERMS


class HoldingSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = fields.Integer(dump_only=True)
    reference_material_id = Id(required=True)
    reference_material_code = fields.Function(lambda h: h.reference_material.code, dump_only=True)
    event_uids = fields.Function(
        lambda h: [e.unique_identifier for e in h.reference_material.events], dump_only=True)
    lot = text(60, required=True)
    quantity = fields.Integer(required=True, validate=validate.Range(min=0, max=1_000_000))
    unit = text(30, load_default="vial")
    expiry_date = fields.Date(allow_none=True)
    validated_method_ids = fields.List(Id(), validate=validate.Length(max=100),
                                       load_default=list)
    shareable = fields.Boolean(load_default=True)
    terms = fields.String(load_default="free", validate=validate.OneOf(SHARING_TERMS))
    mta_required = fields.Boolean(load_default=False)
    updated_at = fields.DateTime(dump_only=True)
