from flask import Response
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.api.fields import CommaList, Id
from labnet.coverage import services
from labnet.csvfiles import attachment

blp = Blueprint("coverage", __name__, description="Network coverage for coordinators")
BEARER = [{"bearer": []}]


class CoverageQuery(Schema):
    region = fields.String(validate=validate.Regexp(r"^\d{3}$", error=_l("An M49 code: 3 digits.")))
    network = Id()
    events = CommaList()


class EventCoverageSchema(Schema):
    unique_identifier = fields.String()
    name = fields.String()
    status = fields.String()
    labs_with_method = fields.Integer()
    labs_with_material = fields.Integer()


class CountryLabsSchema(Schema):
    code = fields.String()
    name = fields.String()
    labs = fields.Integer()


class CoverageSchema(Schema):
    scope = fields.Dict()
    labs = fields.Integer()
    events = fields.List(fields.Nested(EventCoverageSchema))
    countries = fields.List(fields.Nested(CountryLabsSchema))
    summary = fields.Dict(keys=fields.String(), values=fields.Integer())


@blp.route("/coverage")
@blp.arguments(CoverageQuery, location="query")
@blp.response(200, CoverageSchema)
@blp.doc(security=BEARER)
def coverage(args):
    """Per event: covered, method_only, material_only or gap, for a region or a network."""
    return services.coverage(api_actor(), **args)


@blp.route("/coverage.csv")
@blp.arguments(CoverageQuery, location="query")
@blp.response(200, {"type": "string"}, content_type="text/csv")
@blp.doc(security=BEARER)
def coverage_csv(args):
    """The event table of /coverage as CSV."""
    result = services.coverage(api_actor(), **args)
    return Response(services.coverage_csv(result), mimetype="text/csv",
                    headers=attachment(services.export_name(result, "coverage")))
