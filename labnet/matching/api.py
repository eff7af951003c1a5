from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.api.fields import CommaList, Id, Prebuilt, QueryBool
from labnet.catalogue.schemas import EventSchema
from labnet.catalogue.models import MATRICES
from labnet.matching import services
from labnet.training.schemas import TrainingMatchQuery, TrainingMatchSchema
from labnet.training.services import match_training

blp = Blueprint("matching", __name__, description="Matching and screening interpretation")
BEARER = [{"bearer": []}]
LAT = validate.Range(min=-90, max=90)
LON = validate.Range(min=-180, max=180)


class MaterialMatchQuery(Schema):
    event = fields.String(required=True, validate=validate.Length(min=1, max=60))
    requester_lab = Id()
    lat = fields.Float(validate=LAT)
    lon = fields.Float(validate=LON)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    certified_only = QueryBool(load_default=False)
    accredited_only = QueryBool(load_default=False)
    validated_only = QueryBool(load_default=False)
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    @validates_schema
    def origin(self, data, **kwargs):
        if "requester_lab" not in data and ("lat" not in data or "lon" not in data):
            raise ValidationError("Give requester_lab, or lat and lon.", "requester_lab")


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


class MatchedEventSchema(EventSchema):
    elements = fields.List(fields.String(), metadata={"description": "Element codes"})


class MaterialMatchesSchema(Schema):
    event = fields.Nested(MatchedEventSchema)
    total = fields.Integer()
    matches = fields.List(Prebuilt(MaterialMatchSchema))


class PartnerQuery(Schema):
    lat = fields.Float(validate=LAT)
    lon = fields.Float(validate=LON)
    events = CommaList(load_default=list)
    elements = CommaList(load_default=list)
    matrix = fields.String(validate=validate.OneOf(MATRICES))
    accredited_only = QueryBool(load_default=False)
    max_turnaround_days = fields.Integer(validate=validate.Range(min=0, max=365))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PartnerSchema(Schema):
    lab_id = fields.Integer()
    lab_name = fields.String()
    country = fields.String()
    distance_km = fields.Float(allow_none=True)
    covered = fields.List(fields.String())
    missing = fields.List(fields.String())
    accredited = fields.Boolean()
    turnaround_days = fields.Integer(allow_none=True)
    reasons = fields.List(fields.String())


class PartnersSchema(Schema):
    total = fields.Integer()
    matches = fields.List(Prebuilt(PartnerSchema))


class TrainingMatchesSchema(Schema):
    total = fields.Integer()
    matches = fields.List(fields.Nested(TrainingMatchSchema))


class ScreeningInput(Schema):
    positive = fields.List(fields.String(validate=validate.Length(min=1, max=60)),
                           required=True, validate=validate.Length(max=50))
    negative = fields.List(fields.String(validate=validate.Length(min=1, max=60)),
                           load_default=list, validate=validate.Length(max=50))
    species = fields.String(allow_none=True, validate=validate.Length(max=80))


class ScreeningCandidate(Schema):
    unique_identifier = fields.String()
    name = fields.String()
    species = fields.String()
    matched_elements = fields.List(fields.String())


class ScreeningResult(Schema):
    candidates = fields.List(fields.Nested(ScreeningCandidate))
    unexplained_positives = fields.List(fields.String())


@blp.route("/match/materials")
@blp.arguments(MaterialMatchQuery, location="query")
@blp.response(200, MaterialMatchesSchema)
@blp.doc(security=BEARER)
def match_materials(args):
    """Holders of a reference material for an event, nearest trustworthy first."""
    return services.match_materials(api_actor(), **args)


@blp.route("/match/testing-partners")
@blp.arguments(PartnerQuery, location="query")
@blp.response(200, PartnersSchema)
@blp.doc(security=BEARER)
def match_testing_partners(args):
    """Labs that can test a consignment for the given events and screening elements."""
    return services.match_testing_partners(api_actor(), **args)


@blp.route("/match/training")
@blp.arguments(TrainingMatchQuery, location="query")
@blp.response(200, TrainingMatchesSchema)
@blp.doc(security=BEARER)
def match_training_offers(args):
    """Training offers not yet started with seats left, same subregion and nearest first."""
    return match_training(api_actor(), **args)


@blp.route("/screening/interpret", methods=["POST"])
@blp.arguments(ScreeningInput)
@blp.response(200, ScreeningResult)
def interpret(data):
    """Which catalogue events could explain a screening result."""
    return services.interpret_screening(data["positive"], data["negative"], data.get("species"))
