"""The pagination envelope of the API: {"items", "page", "per_page", "total"}."""
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from labnet.extensions import db

MAX_PER_PAGE = 200


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


def page_of(item_schema):
    """An envelope schema around item_schema, for documentation and dumping."""
    name = f"{item_schema.__name__.removesuffix('Schema')}PageSchema"
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema)),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "total": fields.Integer(),
    })


def paginate(statement, page: int, per_page: int) -> dict:
    """Run a select for one page: one COUNT and one bounded SELECT, whatever the table size."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return {"items": items, "page": page, "per_page": per_page, "total": total}
