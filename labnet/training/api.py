from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint, if_match
from labnet.api.pagination import page_of, paginate
from labnet.database import get_or_404
from labnet.training import services
from labnet.training.models import TrainingOffer
from labnet.training.schemas import EnrolmentQuery, EnrolmentSchema, TrainingOfferSchema, TrainingQuery

blp = Blueprint("training", __name__, description="Training offers and enrolments")
BEARER = [{"bearer": []}]


@blp.route("/training-offers")
class Offers(MethodView):
    @blp.arguments(TrainingQuery, location="query")
    @blp.response(200, page_of(TrainingOfferSchema))
    def get(self, args):
        page, per_page = args.pop("page"), args.pop("per_page")
        return paginate(services.offer_query(**args), page, per_page)

    @blp.arguments(TrainingOfferSchema)
    @blp.response(201, TrainingOfferSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        offer = services.create_offer(api_actor(), data)
        return offer


@blp.route("/training-offers/<int:offer_id>")
class OfferItem(MethodView):
    @blp.response(200, TrainingOfferSchema)
    def get(self, offer_id):
        return get_or_404(TrainingOffer, offer_id, "training offer")

    @blp.arguments(TrainingOfferSchema(partial=True))
    @blp.response(200, TrainingOfferSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, offer_id):
        offer = services.update_offer(api_actor(), offer_id, data, version=if_match())
        return offer

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, offer_id):
        services.delete_offer(api_actor(), offer_id, version=if_match())


@blp.route("/training-offers/<int:offer_id>/enrolments", methods=["POST"])
@blp.arguments(EnrolmentSchema)
@blp.response(201, EnrolmentSchema)
@blp.doc(security=BEARER)
def enrol(data, offer_id):
    """Enrol in an offer; a full offer is 409."""
    enrolment = services.enrol(api_actor(), offer_id, data)
    return enrolment


@blp.route("/enrolments", methods=["GET"])
@blp.arguments(EnrolmentQuery, location="query")
@blp.response(200, page_of(EnrolmentSchema))
@blp.doc(security=BEARER)
def enrolments(args):
    """The caller's enrolments, cancelled ones included, soonest training first."""
    return paginate(services.enrolments_query(api_actor()), args["page"], args["per_page"])


@blp.route("/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@blp.response(200, EnrolmentSchema)
@blp.doc(security=BEARER)
def cancel_enrolment(enrolment_id):
    """Cancel one's enrolment before the training starts; the seats go back to the offer."""
    return services.cancel_enrolment(api_actor(), enrolment_id)
