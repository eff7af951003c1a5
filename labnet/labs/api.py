from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint, if_match
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.database import get_or_404
from labnet.labs import services
from labnet.labs.models import Accreditation, Capability
from labnet.labs.schemas import (
    AccreditationSchema,
    CapabilitySchema,
    HistoryEntrySchema,
    LabQuery,
    LabSchema,
    SendBackSchema,
)

blp = Blueprint("labs", __name__, description="Laboratories, accreditations and capabilities")
BEARER = [{"bearer": []}]


@blp.route("/labs")
class Labs(MethodView):
    @blp.arguments(LabQuery, location="query")
    @blp.response(200, page_of(LabSchema))
    def get(self, args):
        """The lab directory, filtered by place, network, event, element or accreditation
        (`accredited` and `verified_only`: a current accreditation that was verified)."""
        page, per_page = args.pop("page"), args.pop("per_page")
        return paginate(services.lab_query(**args), page, per_page)

    @blp.arguments(LabSchema)
    @blp.response(201, LabSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Register a lab; a lab manager who registers it becomes its manager."""
        lab = services.create_lab(api_actor(), data)
        return lab


@blp.route("/labs/<int:lab_id>")
class LabItem(MethodView):
    @blp.response(200, LabSchema)
    def get(self, lab_id):
        return services.get_lab(lab_id)

    @blp.arguments(LabSchema(partial=True))
    @blp.response(200, LabSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, lab_id):
        lab = services.update_lab(api_actor(), lab_id, data, version=if_match())
        return lab

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, lab_id):
        services.delete_lab(api_actor(), lab_id, version=if_match())


@blp.route("/labs/<int:lab_id>/confirm", methods=["POST"])
@blp.response(200, LabSchema)
@blp.doc(security=BEARER)
def confirm_lab(lab_id):
    """Confirm that the lab's record is still true (due every 12 months)."""
    lab = services.confirm_lab(api_actor(), lab_id)
    return lab


@blp.route("/labs/<int:lab_id>/history")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(HistoryEntrySchema))
@blp.doc(security=BEARER)
def lab_history(args, lab_id):
    """The recorded changes to the lab and what it owns that the caller may read, newest
        first: its public record for anyone logged in, requests and enrolments for their
        parties only."""
    actor = api_actor()
    lab, stmt = services.lab_history_query(actor, lab_id)
    page = paginate(stmt, args["page"], args["per_page"])
    return dict(page, items=services.history_lines(actor, lab, page["items"]))


@blp.route("/labs/<int:lab_id>/accreditations")
class LabAccreditations(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(AccreditationSchema))
    def get(self, args, lab_id):
        lab = services.get_lab(lab_id)
        stmt = select(Accreditation).where(Accreditation.lab_id == lab.id).order_by(
            Accreditation.valid_from.desc(), Accreditation.id).options(
            selectinload(Accreditation.scope_methods))
        return paginate(stmt, args["page"], args["per_page"])

    @blp.arguments(AccreditationSchema)
    @blp.response(201, AccreditationSchema)
    @blp.doc(security=BEARER)
    def post(self, data, lab_id):
        accreditation = services.create_accreditation(api_actor(), lab_id, data)
        return accreditation


@blp.route("/accreditations/<int:accreditation_id>")
class AccreditationItem(MethodView):
    @blp.response(200, AccreditationSchema)
    def get(self, accreditation_id):
        return get_or_404(Accreditation, accreditation_id, "accreditation")

    @blp.arguments(AccreditationSchema(partial=True))
    @blp.response(200, AccreditationSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, accreditation_id):
        accreditation = services.update_accreditation(api_actor(), accreditation_id, data, version=if_match())
        return accreditation

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, accreditation_id):
        services.delete_accreditation(api_actor(), accreditation_id, version=if_match())


@blp.route("/accreditations/awaiting-verification")
@blp.response(200, AccreditationSchema(many=True))
@blp.doc(security=BEARER)
def accreditations_awaiting_verification():
    """The accreditations the caller may verify that await it (coordinators: their networks'
    member labs; admins: every lab), oldest first."""
    return services.verification_queue(api_actor())


@blp.route("/accreditations/<int:accreditation_id>/send-back", methods=["POST"])
@blp.arguments(SendBackSchema)
@blp.response(200, AccreditationSchema)
@blp.doc(security=BEARER)
def send_back_accreditation(data, accreditation_id):
    """Return an accreditation to the lab unverified, with a note its managers read; it comes
    back to the queue when they change it."""
    return services.send_back_accreditation(api_actor(), accreditation_id, data["note"],
                                            version=if_match())


@blp.route("/labs/<int:lab_id>/capabilities")
class LabCapabilities(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(CapabilitySchema))
    def get(self, args, lab_id):
        lab = services.get_lab(lab_id)
        stmt = select(Capability).where(Capability.lab_id == lab.id).order_by(Capability.id)
        return paginate(stmt, args["page"], args["per_page"])

    @blp.arguments(CapabilitySchema)
    @blp.response(201, CapabilitySchema)
    @blp.doc(security=BEARER)
    def post(self, data, lab_id):
        capability = services.create_capability(api_actor(), lab_id, data)
        return capability


@blp.route("/capabilities/<int:capability_id>")
class CapabilityItem(MethodView):
    @blp.response(200, CapabilitySchema)
    def get(self, capability_id):
        return get_or_404(Capability, capability_id, "capability")

    @blp.arguments(CapabilitySchema(partial=True))
    @blp.response(200, CapabilitySchema)
    @blp.doc(security=BEARER)
    def patch(self, data, capability_id):
        capability = services.update_capability(api_actor(), capability_id, data, version=if_match())
        return capability

    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, capability_id):
        services.delete_capability(api_actor(), capability_id, version=if_match())
