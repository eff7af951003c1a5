from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from labnet.api.fields import short_list, text
from labnet.api.pagination import PageArgs
from labnet.api.schema_base import InputSchema
from labnet.catalogue.models import (
    AUTHORISATION_STATUSES,
    ELEMENT_STATES,
    MATERIAL_FORMS,
    MATERIAL_KINDS,
    MATERIAL_ROLES,
    MATRICES,
    SCOPES,
    SPECIFICITIES,
    TECHNIQUES,
    UID_LENGTH,
    VALIDATION_STATUSES,
)
from labnet.reference.eu import EU
from labnet.reference.species import canonical_species, species_names


class Species(fields.String):
    """A species from the controlled list, by common or scientific name (`maize`, `Zea mays`),
    answered in its canonical form."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(min=1, max=80), metadata={
            "description": "Common or scientific name; one of " + ", ".join(species_names())},
            **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        typed = super()._deserialize(value, attr, data, **kwargs)
        canonical = canonical_species(typed)
        if canonical is None:
            raise ValidationError(f"Unknown species {typed!r}: use one of "
                                  + ", ".join(species_names()) + " (or its scientific name).")
        return canonical


class SourceSchema(Schema):
    key = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9_]{1,40}$", error=_l("A short key of lower-case letters, digits and _.")))
    title = text(400)
    url = text(500, allow_none=True)
    licence = text(200, allow_none=True)


class CellSchema(Schema):
    element = text(60, required=True)
    state = fields.String(required=True, validate=validate.OneOf(ELEMENT_STATES))
    source = fields.String(allow_none=True, validate=validate.Length(max=40))


class AuthorisationSchema(Schema):
    jurisdiction = fields.String(required=True, validate=validate.Regexp(
        r"^([A-Z]{2})$", error=_l("An ISO 3166-1 alpha-2 code, or EU.")),
        metadata={"description": f"ISO 3166-1 alpha-2 code, or {EU}"})
    scope = fields.List(fields.String(validate=validate.OneOf(SCOPES)),
                        validate=validate.Length(max=len(SCOPES)), load_default=list)
    status = fields.String(required=True, validate=validate.OneOf(AUTHORISATION_STATUSES))
    decision = text(300, allow_none=True)
    decided_on = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    source = fields.Url(allow_none=True, validate=validate.Length(max=500))


class EventSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    unique_identifier = text(UID_LENGTH, required=True)
    name = text(120, required=True)
    species = Species(required=True)
    traits = short_list(20, 80, load_default=list)
    elements = short_list(60, 60, metadata={
        "description": "Elements the event is known to carry (codes or aliases)"})
    elements_absent = short_list(60, 60, metadata={
        "description": "Elements the event is known not to carry; an element in neither list "
                       "is unknown for the event"})
    cells = fields.List(fields.Nested(CellSchema), validate=validate.Length(max=120), metadata={
        "description": "The known cells with their source keys (replaces elements and "
                       "elements_absent when given)"})
    sources = fields.List(fields.Nested(SourceSchema), validate=validate.Length(max=40))
    aliases = short_list(20, 120)
    components = short_list(20, UID_LENGTH, metadata={
        "description": "The single events of a stack, by UID, name or alias"})
    authorisations = fields.List(fields.Nested(AuthorisationSchema),
                                 validate=validate.Length(max=300))

    @validates_schema
    def cells_or_lists(self, data, **kwargs):
        if "cells" in data and ("elements" in data or "elements_absent" in data):
            raise ValidationError(_("Give cells, or elements and elements_absent, not both."),
                                  "cells")


class EventDumpSchema(EventSchema):
    elements = fields.Method("element_codes")
    elements_absent = fields.Method("absent_codes")
    cells = fields.Method("cell_rows")
    sources = fields.Method("source_rows")
    aliases = fields.Method("alias_names")
    components = fields.Method("component_uids")
    authorisations = fields.List(fields.Nested(AuthorisationSchema))

    def element_codes(self, event):
        return [e.code for e in event.elements]

    def absent_codes(self, event):
        return [e.code for e in event.elements_absent]

    def cell_rows(self, event):
        return [{"element": c.element.code, "state": c.state,
                 "source": c.source.key if c.source else None}
                for c in sorted(event.cells, key=lambda c: c.element.code)]

    def source_rows(self, event):
        return [{"key": s.key, "title": s.title, "url": s.url, "licence": s.licence}
                for s in event.sources]

    def alias_names(self, event):
        return [a.alias for a in event.aliases]

    def component_uids(self, event):
        return [e.unique_identifier for e in event.components]


class MethodSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    code = text(60, required=True)
    name = text(200, required=True)
    technique = fields.String(required=True, validate=validate.OneOf(TECHNIQUES))
    specificity = fields.String(required=True, validate=validate.OneOf(SPECIFICITIES))
    event_uids = short_list(50, UID_LENGTH, load_default=list)
    elements = short_list(50, 60, load_default=list)
    taxon = Species(allow_none=True)
    validation_status = fields.String(load_default="not_validated",
                                      validate=validate.OneOf(VALIDATION_STATUSES))
    matrices = fields.List(fields.String(validate=validate.OneOf(MATRICES)),
                           validate=validate.Length(max=len(MATRICES)), load_default=list)
    reference = text(300, allow_none=True)


class MethodDumpSchema(MethodSchema):
    event_uids = fields.Method("uids")
    elements = fields.Method("element_codes")
    source = fields.Method("source_row")

    def source_row(self, method):
        return _source_row(method.source)

    def uids(self, method):
        return [e.unique_identifier for e in method.events]

    def element_codes(self, method):
        return [e.code for e in method.elements]


class ReferenceMaterialSchema(InputSchema):
    id = fields.Integer(dump_only=True)
    code = text(60, required=True)
    producer = text(120, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(MATERIAL_KINDS))
    form = fields.String(allow_none=True, validate=validate.OneOf(MATERIAL_FORMS),
                         metadata={"description": "Empty when not known"})
    role = fields.String(allow_none=True, validate=validate.OneOf(MATERIAL_ROLES), metadata={
        "description": "gm (the GM material) or control (the conventional control of a set); "
                       "empty when not known"})
    event_uids = short_list(20, UID_LENGTH, load_default=list)
    certified_value = text(60, allow_none=True)
    unit = text(30, allow_none=True)


def _source_row(source):
    return None if source is None else {"key": source.key, "title": source.title,
                                        "url": source.url, "licence": source.licence}


class ReferenceMaterialDumpSchema(ReferenceMaterialSchema):
    event_uids = fields.Method("uids")
    source = fields.Method("source_row")

    def source_row(self, material):
        return _source_row(material.source)

    def uids(self, material):
        return [e.unique_identifier for e in material.events]


class CatalogueQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=100))


class EventQuery(CatalogueQuery):
    species = Species()
    element = fields.String(validate=validate.Length(max=60))


class MethodQuery(CatalogueQuery):
    technique = fields.String(validate=validate.OneOf(TECHNIQUES))
    specificity = fields.String(validate=validate.OneOf(SPECIFICITIES))
    event = fields.String(validate=validate.Length(max=UID_LENGTH))
    element = fields.String(validate=validate.Length(max=60))


class ReferenceMaterialQuery(CatalogueQuery):
    event = fields.String(validate=validate.Length(max=UID_LENGTH))
    kind = fields.String(validate=validate.OneOf(MATERIAL_KINDS))

