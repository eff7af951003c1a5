from flask import Response
from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.api.pagination import page_of, paginate
from labnet.requests import services, workflow
from labnet.requests.schemas import (
    DeclineSchema,
    InboxItemSchema,
    MaterialRequestQuery,
    MaterialRequestSchema,
    NoteSchema,
    ReceiveSchema,
    ReportSchema,
    SamplesReceiptSchema,
    ShipSchema,
    TestingRequestQuery,
    TestingRequestSchema,
)

blp = Blueprint("requests", __name__, description="Material and testing request workflows")
BEARER = [{"bearer": []}]


@blp.route("/material-requests")
class MaterialRequests(MethodView):
    @blp.arguments(MaterialRequestQuery, location="query")
    @blp.response(200, page_of(MaterialRequestSchema))
    @blp.doc(security=BEARER)
    def get(self, args):
        return paginate(services.material_requests_query(api_actor(), args.get("status")),
                        args["page"], args["per_page"])

    @blp.arguments(MaterialRequestSchema)
    @blp.response(201, MaterialRequestSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        request = services.create_material_request(api_actor(), data)
        return request


@blp.route("/material-requests/<int:request_id>")
@blp.response(200, MaterialRequestSchema)
@blp.doc(security=BEARER)
def material_request(request_id):
    return services.get_material_request(api_actor(), request_id)


MATERIAL_ACTION_DOCS = {
    "accept": "Promise the units: they are taken from the lot's stock at once. A lot that is "
              "expired, not shared, archived or short of stock is 409 and changes nothing.",
    "decline": "Decline with a reason (required), which the requester reads on the request.",
    "cancel": "Cancel a pending or accepted request; the units of an accepted one go back to "
              "the lot's stock.",
    "ship": "Say how the parcel travels: courier, tracking number, conditions.",
    "receive": "Say in what condition the parcel arrived, with a note.",
}
MATERIAL_ACTION_SCHEMAS = {"decline": DeclineSchema, "ship": ShipSchema, "receive": ReceiveSchema}


def _material_action(action):
    decline = action == "decline"

    @blp.route(f"/material-requests/<int:request_id>/{action}", methods=["POST"],
               endpoint=f"material_{action}")
    @blp.arguments(MATERIAL_ACTION_SCHEMAS.get(action, NoteSchema), required=decline)
    @blp.response(200, MaterialRequestSchema)
    @blp.doc(security=BEARER, summary=f"{action.capitalize()} a material request",
             description=MATERIAL_ACTION_DOCS.get(action, ""))
    def view(data, request_id):
        data = data or {}
        note = data.pop("reason" if decline else "note", None)
        request = services.act_on_material_request(api_actor(), request_id, action, note, data)
        return request


for _action in workflow.MATERIAL:
    _material_action(_action)


@blp.route("/testing-requests")
class TestingRequests(MethodView):
    @blp.arguments(TestingRequestQuery, location="query")
    @blp.response(200, page_of(TestingRequestSchema))
    @blp.doc(security=BEARER)
    def get(self, args):
        return paginate(services.testing_requests_query(api_actor(), args.get("status")),
                        args["page"], args["per_page"])

    @blp.arguments(TestingRequestSchema)
    @blp.response(201, TestingRequestSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        request = services.create_testing_request(api_actor(), data)
        return request


@blp.route("/testing-requests/<int:request_id>")
@blp.response(200, TestingRequestSchema)
@blp.doc(security=BEARER)
def testing_request(request_id):
    return services.get_testing_request(api_actor(), request_id)


def _testing_action(action, schema):
    @blp.route(f"/testing-requests/<int:request_id>/{action}", methods=["POST"],
               endpoint=f"testing_{action}")
    @blp.arguments(schema, required=schema is not NoteSchema)
    @blp.response(200, TestingRequestSchema)
    @blp.doc(security=BEARER, summary=f"{action.capitalize()} a testing request"
             + (" (the report as a new version; earlier versions stay in versions[])"
                if action == "amend" else ""))
    def view(data, request_id):
        request = services.act_on_testing_request(api_actor(), request_id, action, data or {})
        return request


for _action in workflow.TESTING:
    _testing_action(_action, ReportSchema if _action in workflow.REPORTING else
                    SamplesReceiptSchema if _action == "receive_samples" else NoteSchema)


@blp.route("/testing-requests/<int:request_id>/report.pdf")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf")
@blp.alt_response(409, description="No report yet.")
@blp.doc(security=BEARER)
def testing_report_pdf(request_id):
    """The dated report: consignment, samples, custody log, per-sample results, versions."""
    pdf, filename = services.testing_report_pdf(api_actor(), request_id)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@blp.route("/inbox")
@blp.response(200, InboxItemSchema(many=True))
@blp.doc(security=BEARER)
def inbox():
    """What awaits the user's action, newest first."""
    return services.inbox(api_actor())
