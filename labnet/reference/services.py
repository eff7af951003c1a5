"""Options drawn from the shipped reference data, for forms and filters."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from labnet.database import contains
from labnet.extensions import db
from labnet.i18n import country_name, sort_key
from labnet.reference.models import Country, Element, ElementAlias, Region


def _in_page_language(rows) -> list:
    """(code, name) with each name in the page's language (CLDR names countries and M49
    regions alike), in that language's alphabetical order, accents aside."""
    named = [(code, country_name(code, name)) for code, name in rows]
    return sorted(named, key=lambda row: sort_key(row[1]))


def country_choices() -> list:
    return _in_page_language(db.session.execute(select(Country.code, Country.name)).all())


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
