"""Options drawn from the shipped reference data, for forms and filters."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from labnet.collation import collated
from labnet.database import contains
from labnet.extensions import db
from labnet.reference.countries import uninhabited
from labnet.reference.models import Country, Element, ElementAlias, Region


def country_choices(keep: str | None = None) -> list:
    """(code, name) of the countries a form or filter offers, in the language's order, without
    the territories nobody lives in (`keep` names one to offer anyway: a record's own)."""
    rows = db.session.execute(select(Country.code, Country.name)).all()
    return collated([r for r in rows if r.code not in uninhabited() or r.code == keep])


def region_choices() -> list:
    return db.session.execute(select(Region.code, Region.name).order_by(Region.name)).all()


def element_choices() -> list:
    return [(code, f"{code}: {name}") for code, name in db.session.execute(
        select(Element.code, Element.name).order_by(func.lower(Element.code)))]


def element_query(q=None):
    """Genetic elements by code, with their aliases; `q` searches codes and aliases."""
    stmt = select(Element).order_by(Element.code).options(selectinload(Element.aliases))
    if q:
        stmt = stmt.where(Element.id.in_(select(ElementAlias.element_id)
                                         .where(contains(ElementAlias.alias_key, q))))
    return stmt
