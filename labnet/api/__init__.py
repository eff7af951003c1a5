"""The /api/v1 JSON API: problem+json errors, tokens, pagination and the OpenAPI document."""
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import jsonify
from flask_smorest import Api
from werkzeug.routing import IntegerConverter
from marshmallow import Schema
from marshmallow import fields as ma
from werkzeug.exceptions import HTTPException

from sqlalchemy.exc import InterfaceError, OperationalError

from labnet.api.problems import (
    PROBLEM_TYPE, database_unavailable_answer, domain_error_answer, http_error_answer,
    unexpected_error_answer,
)
from labnet.api.fields import MAX_ID
from labnet.errors import DomainError
from labnet.extensions import csrf, db


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    status = ma.Integer()
    title = ma.String()
    detail = ma.String()
    errors = ma.Dict(keys=ma.String(), values=ma.Raw())


class LabnetApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error):
        return http_error_answer(error)

    def _register_responses(self):
        """Document every error response as application/problem+json, as it is sent."""
        success_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_TYPE
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = success_type


def schema_name(schema) -> str:
    """Component names: 'Lab' for the schema, 'LabPatch' for its partial (PATCH) variant."""
    cls = resolve_schema_cls(schema)
    name = cls.__name__.removesuffix("Schema") or cls.__name__
    if getattr(schema, "partial", False):
        name += "Patch"
    return name


api = LabnetApi(spec_kwargs={
    "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
    "info": {"description": "Registry and matching service for LMO detection laboratories. "
                            "Errors are application/problem+json (RFC 9457)."},
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
})


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in every route: ids from 1 to 2^31-1; anything else names no record (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def commit() -> None:
    """The one commit of a request: the service flushed, the edge commits."""
    db.session.commit()


def init_app(app) -> None:
    from labnet.accounts.api import blp as accounts_blp
    from labnet.catalogue.api import blueprints as catalogue_blps
    from labnet.coverage.api import blp as coverage_blp
    from labnet.holdings.api import blp as holdings_blp
    from labnet.labs.api import blp as labs_blp
    from labnet.labs.api_networks import blp as networks_blp
    from labnet.matching.api import blp as matching_blp
    from labnet.reference.api import blp as reference_blp
    from labnet.requests.api import blp as requests_blp
    from labnet.training.api import blp as training_blp

    app.url_map.converters["int"] = RecordIdConverter
    api.init_app(app)
    api.register_converter(RecordIdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": MAX_ID})
    for blp in (reference_blp, *catalogue_blps, accounts_blp, labs_blp, networks_blp,
                holdings_blp, training_blp, requests_blp, matching_blp, coverage_blp):
        api.register_blueprint(blp, url_prefix="/api/v1")
        csrf.exempt(blp)  # API writes authenticate with bearer tokens, never with the cookie
    app.register_error_handler(HTTPException, http_error_answer)
    app.register_error_handler(DomainError, domain_error_answer)
    app.register_error_handler(Exception, unexpected_error_answer)
    for unavailable in (OperationalError, InterfaceError):
        app.register_error_handler(unavailable, database_unavailable_answer)

    @app.get("/healthz")
    def healthz():
        from sqlalchemy import text

        try:
            db.session.execute(text("SELECT 1"))
        except Exception:
            try:
                db.session.rollback()
            except Exception:  # the connection is gone; nothing to roll back
                pass
            response = jsonify(status="unavailable", detail="The database does not answer.")
            response.status_code = 503
            return response
        return jsonify(status="ok")


__all__ = ["api", "commit", "PROBLEM_TYPE"]
