"""What the matching endpoints and pages take (query strings, a screening result) and what
they answer. One schema per input, shared by the API and the pages."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from labnet.api.fields import CommaList, Id, Prebuilt, QueryBool
from labnet.catalogue.models import MATRICES, UID_LENGTH
from labnet.catalogue.schemas import AuthorisationSchema
from labnet.training.models import AUDIENCES, MODALITIES


class VerifiedFilter(Schema):
    """`accredited_only` and its synonym `verified_only`: "accredited" means a current
    accreditation verified by a coordinator or an admin (labs.models)."""

    accredited_only = QueryBool(load_default=False)
    verified_only = QueryBool(load_default=False)

    @post_load
    def one_filter(self, data, **kwargs):
        verified_only = data.pop("verified_only")
        data["accredited_only"] = data["accredited_only"] or verified_only
        return data


LAT = validate.Range(min=-90, max=90)
LON = validate.Range(min=-180, max=180)


# inputs

class MaterialMatchQuery(VerifiedFilter):
    event = fields.String(required=True, validate=validate.Length(min=1, max=UID_LENGTH),
                          metadata={"description": "The event's UID, name or alias"})
    requester_lab = Id()
    lat = fields.Float(validate=LAT)
    lon = fields.Float(validate=LON)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    certified_only = QueryBool(load_default=False)
    validated_only = QueryBool(load_default=False)
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    @validates_schema
    def origin(self, data, **kwargs):
        if "requester_lab" not in data and ("lat" not in data or "lon" not in data):
            raise ValidationError(_("Give requester_lab, or lat and lon."), "requester_lab")


class PartnerQuery(VerifiedFilter):
    lat = fields.Float(validate=LAT)
    lon = fields.Float(validate=LON)
    events = CommaList(load_default=list, max_length=UID_LENGTH,
                       metadata={"description": "Events by UID, name or alias"})
    elements = CommaList(load_default=list)
    matrix = fields.String(validate=validate.OneOf(MATRICES))
    max_turnaround_days = fields.Integer(validate=validate.Range(min=0, max=365))
    pt_within_years = fields.Integer(validate=validate.Range(min=1, max=20), metadata={
        "description": "Only labs with a satisfactory proficiency test of each target they "
                       "cover within this many years; each match then lists them in `pt`"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class TrainingMatchQuery(Schema):
    topic = fields.String(validate=validate.Length(max=80))
    audience = fields.String(validate=validate.OneOf(AUDIENCES))
    modality = fields.String(validate=validate.OneOf(MODALITIES))
    language = fields.String(validate=validate.Length(max=20))
    requester_lab = Id()
    lat = fields.Float(validate=LAT)
    lon = fields.Float(validate=LON)
    seats = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


SCREENING_ITEM = ("An element (code or alias), an element-specific method code (the assay "
                  "stands for the element it targets), or a control: CaMV, FMV (virus-specific "
                  "assays) or taxon (the plant reference gene)")


class ScreeningInput(Schema):
    positive = fields.List(fields.String(validate=validate.Length(min=1, max=60)),
                           required=True, validate=validate.Length(max=50),
                           metadata={"description": SCREENING_ITEM})
    negative = fields.List(fields.String(validate=validate.Length(min=1, max=60)),
                           load_default=list, validate=validate.Length(max=50),
                           metadata={"description": SCREENING_ITEM})
    species = fields.String(allow_none=True, validate=validate.Length(max=80),
                            metadata={"description": "Common or scientific name"})
    country = fields.String(allow_none=True, validate=validate.Regexp(
        r"^[A-Za-z]{2}$", error=_l("An ISO 3166-1 alpha-2 country code.")),
        metadata={"description": "ISO 3166-1 alpha-2: each candidate's authorisation there"})


# answers

class MaterialMatchSchema(Schema):
    holding_id = fields.Integer()
    lab_id = fields.Integer()
    lab_name = fields.String()
    country = fields.String()
    distance_km = fields.Float(allow_none=True)
    same_network = fields.Boolean()
    same_subregion = fields.Boolean()
    quantity = fields.Integer()
    unit = fields.String()
    expiry_date = fields.Date(allow_none=True)
    kind = fields.String()
    reasons = fields.List(fields.String())


class MatchedEventSchema(Schema):
    id = fields.Integer()
    unique_identifier = fields.String()
    name = fields.String()
    species = fields.String()
    traits = fields.List(fields.String())
    elements = fields.List(fields.String(), metadata={"description": "Element codes"})


class MaterialMatchesSchema(Schema):
    event = fields.Nested(MatchedEventSchema)
    total = fields.Integer()
    matches = fields.List(Prebuilt(MaterialMatchSchema))


class PartnerTestSchema(Schema):
    target = fields.String()
    proficiency_test_id = fields.Integer()
    provider = fields.String()
    scheme = fields.String()
    round = fields.String()
    date = fields.String(metadata={"description": "YYYY-MM-DD"})
    z_score = fields.Float(allow_none=True)


class PartnerSchema(Schema):
    lab_id = fields.Integer()
    lab_name = fields.String()
    country = fields.String()
    distance_km = fields.Float(allow_none=True)
    covered = fields.List(fields.String())
    missing = fields.List(fields.String())
    accredited = fields.Boolean()
    turnaround_days = fields.Integer(allow_none=True)
    pt = fields.List(fields.Nested(PartnerTestSchema), metadata={
        "description": "With pt_within_years: the latest satisfactory proficiency test per "
                       "covered target (empty without it)"})
    reasons = fields.List(fields.String())


class PartnersSchema(Schema):
    total = fields.Integer()
    matches = fields.List(Prebuilt(PartnerSchema))


class TrainingMatchSchema(Schema):
    offer_id = fields.Integer()
    lab_id = fields.Integer()
    lab_name = fields.String()
    title = fields.String()
    country = fields.String(allow_none=True)
    start_date = fields.Date()
    modality = fields.String()
    languages = fields.List(fields.String())
    seats_remaining = fields.Integer()
    distance_km = fields.Float(allow_none=True)
    same_subregion = fields.Boolean()
    reasons = fields.List(fields.String())


class TrainingMatchesSchema(Schema):
    total = fields.Integer()
    matches = fields.List(fields.Nested(TrainingMatchSchema))


class AuthorisationRecordSchema(AuthorisationSchema):
    pass


class ScreeningCandidate(Schema):
    unique_identifier = fields.String()
    name = fields.String()
    species = fields.String()
    matched_elements = fields.List(fields.String())
    unknown_elements = fields.List(fields.String(), metadata={
        "description": "The result's elements that the event's record does not settle"})
    components = fields.List(fields.String(), metadata={"description": "A stack's events"})
    authorisation = fields.String(metadata={
        "description": "With country: authorised, expired, withdrawn, refused or no_record"})
    authorisation_record = fields.Nested(AuthorisationRecordSchema, allow_none=True)


class ReadAsSchema(Schema):
    method = fields.String()
    elements = fields.List(fields.String())


class ScreeningResult(Schema):
    candidates = fields.List(fields.Nested(ScreeningCandidate))
    unexplained_positives = fields.List(fields.String())
    warnings = fields.List(fields.String())
    valid = fields.Boolean(metadata={"description": "False when the taxon control is negative"})
    positive = fields.List(fields.String(), metadata={"description": "Elements read positive"})
    negative = fields.List(fields.String(), metadata={"description": "Elements read negative"})
    controls = fields.Dict(keys=fields.String(), values=fields.String())
    read_as = fields.List(fields.Nested(ReadAsSchema))
    country = fields.String(allow_none=True)
