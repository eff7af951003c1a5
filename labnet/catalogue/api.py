"""Catalogue endpoints: the same five verbs for events, methods and reference materials."""
from flask.views import MethodView

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint, if_match
from labnet.api.pagination import page_of, paginate
from labnet.catalogue import schemas, services
from labnet.catalogue.models import Event, Method, ReferenceMaterial
from labnet.database import get_or_404

KINDS = [
    # path, model, input schema, output schema, query schema, query function
    ("events", Event, schemas.EventSchema, schemas.EventDumpSchema, schemas.EventQuery,
     services.event_query),
    ("methods", Method, schemas.MethodSchema, schemas.MethodDumpSchema, schemas.MethodQuery,
     services.method_query),
    ("reference-materials", ReferenceMaterial, schemas.ReferenceMaterialSchema,
     schemas.ReferenceMaterialDumpSchema, schemas.ReferenceMaterialQuery,
     services.reference_material_query),
]


def catalogue_blueprint(path, model, in_schema, out_schema, query_schema, query) -> Blueprint:
    blp = Blueprint(path, __name__, description=f"Catalogue: {path.replace('-', ' ')}")
    what = services.WHAT[model]

    @blp.route(f"/{path}")
    class Collection(MethodView):
        @blp.arguments(query_schema, location="query")
        @blp.response(200, page_of(out_schema))
        def get(self, args):
            page, per_page = args.pop("page"), args.pop("per_page")
            return paginate(query(**args), page, per_page)

        @blp.arguments(in_schema)
        @blp.response(201, out_schema)
        @blp.doc(security=[{"bearer": []}])
        def post(self, data):
            entry = services.create_entry(api_actor(), model, data)
            return entry

    @blp.route(f"/{path}/<int:entry_id>")
    class Item(MethodView):
        @blp.response(200, out_schema)
        def get(self, entry_id):
            return get_or_404(model, entry_id, what)

        @blp.arguments(in_schema(partial=True))
        @blp.response(200, out_schema)
        @blp.doc(security=[{"bearer": []}])
        def patch(self, data, entry_id):
            entry = services.update_entry(api_actor(), model, entry_id, data, version=if_match())
            return entry

        @blp.response(204)
        @blp.doc(security=[{"bearer": []}])
        def delete(self, entry_id):
            services.delete_entry(api_actor(), model, entry_id, version=if_match())

    Collection.__name__ = f"{model.__name__}Collection"
    Item.__name__ = f"{model.__name__}Item"
    return blp


blueprints = [catalogue_blueprint(*kind) for kind in KINDS]
