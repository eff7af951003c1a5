"""The /api/v1 JSON API: problem+json errors, tokens, pagination and the OpenAPI document."""
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api
from marshmallow import Schema
from marshmallow import fields as ma
from werkzeug.routing import IntegerConverter

from labnet.api.fields import MAX_ID
from labnet.api.problems import PROBLEM_TYPE, http_error_answer
from labnet.extensions import csrf


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    status = ma.Integer()
    title = ma.String()
    detail = ma.String()
    errors = ma.Dict(keys=ma.String(), values=ma.Raw())
    suggestions = ma.List(ma.Dict(keys=ma.String(), values=ma.String()), metadata={
        "description": "When an event name finds nothing: up to five close events, each "
                       "{unique_identifier, name}"})


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


def init_app(app) -> None:
    """The API's conventions; create_app registers each domain's blueprint with
    `register_blueprint`."""
    app.url_map.converters["int"] = RecordIdConverter
    api.init_app(app)
    api.register_converter(RecordIdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": MAX_ID})


def register_blueprint(blueprint) -> None:
    """Serve a domain's API blueprint under /api/v1."""
    api.register_blueprint(blueprint, url_prefix="/api/v1")
    csrf.exempt(blueprint)  # API writes authenticate with bearer tokens, never with the cookie


__all__ = ["PROBLEM_TYPE", "api"]
