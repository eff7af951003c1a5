from marshmallow import fields, validate

from labnet.api.fields import Id, text
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import MATERIAL_FORMS
from labnet.holdings.models import SHARING_TERMS


class HoldingSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    lab_id = fields.Integer(dump_only=True)
    reference_material_id = Id(required=True)
    reference_material_code = fields.Function(lambda h: h.reference_material.code, dump_only=True)
    event_uids = fields.Function(
        lambda h: [e.unique_identifier for e in h.reference_material.events], dump_only=True)
    lot = text(60, required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000),
        metadata={"description": "Units in stock that can still be requested. On create: the "
                  "lot's stock (and what it was given). On PATCH: the stock you want on hand, "
                  "applied as a change from the stock the server reads (units accepted requests "
                  "take meanwhile stay taken); prefer `quantity_given`."})
    quantity_given = fields.Integer(
        strict=True, validate=validate.Range(min=0, max=1_000_000),
        metadata={"description": "Every unit the lot was given: its stock plus the units accepted, "
                  "shipped and received requests took. On PATCH, the new total: the stock moves "
                  "by the difference from the current total, decided in the database; less than "
                  "accepted requests took is 409. On create, leave it out (it equals quantity)."})
    archived_at = fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "When the holder removed a lot that requests "
                                  "name: it is out of lists and matching, kept for those requests."})
    unit = text(30, load_default="vial")
    form = fields.String(allow_none=True, validate=validate.OneOf(MATERIAL_FORMS), metadata={
        "description": "The form of this lot (it can change between a producer's batches)"})
    expiry_date = fields.Date(allow_none=True)
    validated_method_ids = fields.List(Id(), validate=validate.Length(max=100),
                                       load_default=list)
    shareable = fields.Boolean(load_default=True)
    terms = fields.String(load_default="free", validate=validate.OneOf(SHARING_TERMS))
    mta_required = fields.Boolean(load_default=False)
    mta_text = text(20_000, allow_none=True, metadata={
        "description": "The holder's material transfer agreement for this lot: requesters read "
                       "and accept it when they ask (with mta_required)."})
    cost_recovery = text(500, allow_none=True, metadata={
        "description": "What the holder asks back for the lot, stated before anyone requests "
                       "it, e.g. 'EUR 40 per vial plus courier'."})
    document_ids = fields.List(Id(), validate=validate.Length(max=20), load_default=list,
                               metadata={"description": "The lab's own documents backing the lot"})
    characterisation_method = text(200, allow_none=True, metadata={
        "description": "How a non-certified or in-house lot was characterised (e.g. ddPCR)"})
    characterised_value = text(80, allow_none=True, metadata={
        "description": "GM content or copy number found, with its unit (e.g. 1.02 % cp/cp)"})
    homogeneity = text(300, allow_none=True)
    stability = text(300, allow_none=True)
    characterisation_report_id = Id(allow_none=True)
    characterised = fields.Boolean(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
