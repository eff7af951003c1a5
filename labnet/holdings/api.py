from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint, if_match
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.holdings import services
from labnet.holdings.schemas import HoldingSchema

blp = Blueprint("holdings", __name__, description="Reference-material holdings (login required)")
BEARER = [{"bearer": []}]


@blp.route("/labs/<int:lab_id>/holdings")
class LabHoldings(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(HoldingSchema))
    @blp.doc(security=BEARER)
    def get(self, args, lab_id):
        return paginate(services.holdings_query(api_actor(), lab_id), args["page"], args["per_page"])

    @blp.arguments(HoldingSchema)
    @blp.response(201, HoldingSchema)
    @blp.doc(security=BEARER)
    def post(self, data, lab_id):
        holding = services.create_holding(api_actor(), lab_id, data)
        return holding


@blp.route("/holdings/<int:holding_id>")
class HoldingItem(MethodView):
    @blp.response(200, HoldingSchema)
    @blp.doc(security=BEARER)
    def get(self, holding_id):
        return services.get_holding(api_actor(), holding_id)

    @blp.arguments(HoldingSchema(partial=True))
    @blp.response(200, HoldingSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, holding_id):
        holding = services.update_holding(api_actor(), holding_id, data, version=if_match())
        return holding

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, holding_id):
        services.delete_holding(api_actor(), holding_id, version=if_match())
