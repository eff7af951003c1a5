from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.proficiency import services
from labnet.proficiency.schemas import ProficiencyTestSchema

blp = Blueprint("proficiency", __name__, description="Proficiency-test results (login required)")
BEARER = [{"bearer": []}]


@blp.route("/labs/<int:lab_id>/proficiency-tests")
class LabProficiencyTests(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(ProficiencyTestSchema))
    @blp.doc(security=BEARER)
    def get(self, args, lab_id):
        """The lab's results, most recent first."""
        return paginate(services.proficiency_tests_query(api_actor(), lab_id), args["page"],
                        args["per_page"])

    @blp.arguments(ProficiencyTestSchema)
    @blp.response(201, ProficiencyTestSchema)
    @blp.doc(security=BEARER)
    def post(self, data, lab_id):
        """Record a result (the lab's managers); `document_ids` name the lab's own documents."""
        return services.create_proficiency_test(api_actor(), lab_id, data)


@blp.route("/proficiency-tests/<int:test_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
def delete_proficiency_test(test_id):
    services.delete_proficiency_test(api_actor(), test_id)
