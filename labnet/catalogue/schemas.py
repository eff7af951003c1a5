from marshmallow import Schema, fields, validate

from labnet.api.fields import short_list, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import (
    MATERIAL_FORMS, MATERIAL_KINDS, SPECIFICITIES, TECHNIQUES, VALIDATION_STATUSES,
)
from labnet.catalogue.models import MATRICES


class EventSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    unique_identifier = text(60, required=True)
    name = text(120, required=True)
    species = text(80, required=True)
    traits = short_list(20, 80, load_default=list)
    elements = short_list(40, 60, load_default=list,
                          metadata={"description": "Element codes or aliases"})


class EventDumpSchema(EventSchema):
    elements = fields.Method("element_codes")

    def element_codes(self, event):
        return [e.code for e in event.elements]


class MethodSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    code = text(60, required=True)
    name = text(200, required=True)
    technique = fields.String(required=True, validate=validate.OneOf(TECHNIQUES))
    specificity = fields.String(required=True, validate=validate.OneOf(SPECIFICITIES))
    event_uids = short_list(50, 60, load_default=list)
    elements = short_list(50, 60, load_default=list)
    taxon = text(80, allow_none=True)
    validation_status = fields.String(load_default="not_validated",
                                      validate=validate.OneOf(VALIDATION_STATUSES))
    matrices = fields.List(fields.String(validate=validate.OneOf(MATRICES)),
                           validate=validate.Length(max=len(MATRICES)), load_default=list)
    reference = text(300, allow_none=True)


class MethodDumpSchema(MethodSchema):
    event_uids = fields.Method("uids")
    elements = fields.Method("element_codes")

    def uids(self, method):
        return [e.unique_identifier for e in method.events]

    def element_codes(self, method):
        return [e.code for e in method.elements]


class ReferenceMaterialSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    code = text(60, required=True)
    producer = text(120, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(MATERIAL_KINDS))
    form = fields.String(required=True, validate=validate.OneOf(MATERIAL_FORMS))
    event_uids = short_list(20, 60, load_default=list)
    certified_value = text(60, allow_none=True)
    unit = text(30, allow_none=True)


class ReferenceMaterialDumpSchema(ReferenceMaterialSchema):
    event_uids = fields.Method("uids")

    def uids(self, material):
        return [e.unique_identifier for e in material.events]


class CatalogueQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100))


class EventQuery(CatalogueQuery):
    species = fields.String(validate=validate.Length(max=80))
    element = fields.String(validate=validate.Length(max=60))


class MethodQuery(CatalogueQuery):
    technique = fields.String(validate=validate.OneOf(TECHNIQUES))
    specificity = fields.String(validate=validate.OneOf(SPECIFICITIES))
    event = fields.String(validate=validate.Length(max=60))
    element = fields.String(validate=validate.Length(max=60))


class ReferenceMaterialQuery(CatalogueQuery):
    event = fields.String(validate=validate.Length(max=60))
    kind = fields.String(validate=validate.OneOf(MATERIAL_KINDS))

