"""The matching endpoints: load the query, run the match, answer."""
from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.matching import materials, partners, screening, training
from labnet.matching.schemas import (
    MaterialMatchesSchema,
    MaterialMatchQuery,
    PartnerQuery,
    PartnersSchema,
    ScreeningInput,
    ScreeningResult,
    TrainingMatchesSchema,
    TrainingMatchQuery,
)

blp = Blueprint("matching", __name__, description="Matching and screening interpretation")
BEARER = [{"bearer": []}]


@blp.route("/match/materials")
@blp.arguments(MaterialMatchQuery, location="query")
@blp.response(200, MaterialMatchesSchema)
@blp.doc(security=BEARER)
def match_materials(args):
    """Holders of a reference material for an event, nearest trustworthy first."""
    return materials.match_materials(api_actor(), **args)


@blp.route("/match/testing-partners")
@blp.arguments(PartnerQuery, location="query")
@blp.response(200, PartnersSchema)
@blp.doc(security=BEARER)
def match_testing_partners(args):
    """Labs that can test a consignment for the given events and screening elements."""
    return partners.match_testing_partners(api_actor(), **args)


@blp.route("/match/training")
@blp.arguments(TrainingMatchQuery, location="query")
@blp.response(200, TrainingMatchesSchema)
@blp.doc(security=BEARER)
def match_training_offers(args):
    """Training offers not yet started with seats left, same subregion and nearest first."""
    return training.match_training(api_actor(), **args)


@blp.route("/screening/interpret", methods=["POST"])
@blp.arguments(ScreeningInput)
@blp.response(200, ScreeningResult)
def interpret(data):
    """Which catalogue events could explain a screening result."""
    return screening.interpret_screening(data["positive"], data["negative"], data.get("species"),
                                         data.get("country"))
