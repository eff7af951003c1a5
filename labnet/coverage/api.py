from flask import Response
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from labnet.accounts.auth import api_actor
from labnet.api.blueprint import Blueprint
from labnet.api.fields import CommaList, Id
from labnet.coverage import documents, report, services
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


class ReportQuery(Schema):
    region = fields.String(validate=validate.Regexp(r"^\d{3}$", error="An M49 code: 3 digits."))
    network = Id()


PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/coverage/report.pdf")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type=PDF)
@blp.doc(security=BEARER)
def coverage_report_pdf(args):
    """The dated coverage report of a region or a network, for a ministry: the numbers of
    /coverage, expiring accreditations and materials, training, request times."""
    found = report.report(api_actor(), **args)
    return Response(documents.report_pdf(found), mimetype=PDF,
                    headers=attachment(services.export_name(found, "coverage report", "pdf")))


@blp.route("/coverage/report.xlsx")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type=XLSX)
@blp.doc(security=BEARER)
def coverage_report_xlsx(args):
    """The tables of the coverage report as a workbook, one sheet per table."""
    found = report.report(api_actor(), **args)
    return Response(documents.report_xlsx(found), mimetype=XLSX,
                    headers=attachment(services.export_name(found, "coverage report", "xlsx")))
