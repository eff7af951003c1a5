from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from labnet.api.blueprint import Blueprint
from labnet.api.pagination import PageArgs, page_of, paginate
from labnet.reference.m49 import descendants
from labnet.reference.models import Country, Region
from labnet.reference.schemas import ElementSchema
from labnet.reference.services import element_query

blp = Blueprint("reference", __name__, description="Shipped reference data")


class RegionSchema(Schema):
    code = fields.String()
    name = fields.String()
    parent = fields.String(attribute="parent_code", allow_none=True)


class CountrySchema(Schema):
    code = fields.String()
    alpha3 = fields.String()
    name = fields.String()
    region = fields.String(attribute="region_code", allow_none=True)
    subregion = fields.String(attribute="subregion_code", allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class CountryQuery(PageArgs):
    per_page = fields.Integer(load_default=200, validate=validate.Range(min=1, max=200))
    region = fields.String(validate=validate.Regexp(r"^\d{3}$", error=_l("An M49 code: 3 digits.")))
    q = fields.String(validate=validate.Length(max=100))


class ElementQuery(PageArgs):
    q = fields.String(validate=validate.Length(max=60))


@blp.route("/regions")
class Regions(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(RegionSchema))
    def get(self, args):
        """UN M49 regions, each with its parent."""
        return paginate(select(Region).order_by(Region.code), args["page"], args["per_page"])


@blp.route("/countries")
class Countries(MethodView):
    @blp.arguments(CountryQuery, location="query")
    @blp.response(200, page_of(CountrySchema))
    def get(self, args):
        """ISO 3166-1 countries with their M49 region and a representative point."""
        stmt = select(Country).order_by(Country.name)
        if args.get("region"):
            codes = descendants(args["region"])
            stmt = stmt.where(Country.subregion_code.in_(codes) | Country.region_code.in_(codes))
        if args.get("q"):
            stmt = stmt.where(Country.name.ilike(f"%{args['q']}%") | (Country.code == args["q"].upper()))
        return paginate(stmt, args["page"], args["per_page"])


@blp.route("/elements")
class Elements(MethodView):
    @blp.arguments(ElementQuery, location="query")
    @blp.response(200, page_of(ElementSchema))
    def get(self, args):
        """Genetic elements (screening targets) with their aliases."""
        return paginate(element_query(args.get("q")), args["page"], args["per_page"])
