from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint, if_match
from labnet.api.pagination import page_of, paginate
from labnet.database import get_or_404
from labnet.networks import services as networks
from labnet.networks.models import Network
from labnet.networks.schemas import MemberSchema, NetworkQuery, NetworkSchema

blp = Blueprint("networks", __name__, description="Networks of laboratories")
BEARER = [{"bearer": []}]


@blp.route("/networks")
class Networks(MethodView):
    @blp.arguments(NetworkQuery, location="query")
    @blp.response(200, page_of(NetworkSchema))
    def get(self, args):
        page, per_page = args.pop("page"), args.pop("per_page")
        return paginate(networks.network_query(**args), page, per_page)

    @blp.arguments(NetworkSchema)
    @blp.response(201, NetworkSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        network = networks.create_network(api_actor(), data)
        return network


@blp.route("/networks/<int:network_id>")
class NetworkItem(MethodView):
    @blp.response(200, NetworkSchema)
    def get(self, network_id):
        return get_or_404(Network, network_id, "network")

    @blp.arguments(NetworkSchema(partial=True))
    @blp.response(200, NetworkSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, network_id):
        network = networks.update_network(api_actor(), network_id, data, version=if_match())
        return network


@blp.route("/networks/<int:network_id>/members", methods=["POST"])
@blp.arguments(MemberSchema)
@blp.response(201, NetworkSchema)
@blp.doc(security=BEARER)
def add_member(data, network_id):
    network = networks.add_member(api_actor(), network_id, data["lab_id"])
    return network


@blp.route("/networks/<int:network_id>/members/<int:lab_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
def remove_member(network_id, lab_id):
    networks.remove_member(api_actor(), network_id, lab_id)
