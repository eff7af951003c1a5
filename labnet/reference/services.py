"""Options drawn from the shipped reference data, for forms and filters."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from labnet.collation import collated
from labnet.database import contains
from labnet.extensions import db
from labnet.i18n import country_name
from labnet.reference.countries import uninhabited
from labnet.reference.models import Country, Element, ElementAlias, Region


def _in_page_language(rows) -> list:
    """(code, name) with each name in the page's language (CLDR names countries and M49
    regions alike), in that language's alphabetical order."""
    return collated([(code, country_name(code, name)) for code, name in rows])


def country_choices(keep: str | None = None) -> list:
    """(code, name) of the countries a form or filter offers, in the language's order, without
    the territories nobody lives in (`keep` names one to offer anyway: a record's own)."""
    rows = db.session.execute(select(Country.code, Country.name)).all()
    return _in_page_language([r for r in rows if r.code not in uninhabited() or r.code == keep])


def region_choices() -> list:
    return _in_page_language(db.session.execute(select(Region.code, Region.name)).all())


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
