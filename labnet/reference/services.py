"""Options drawn from the shipped reference data, for forms and filters."""
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.reference.models import Country, Element, Region


def country_choices() -> list:
    return db.session.execute(select(Country.code, Country.name).order_by(Country.name)).all()


def region_choices() -> list:
    return db.session.execute(select(Region.code, Region.name).order_by(Region.name)).all()


def element_choices() -> list:
    return [(code, f"{code}: {name}") for code, name in db.session.execute(
        select(Element.code, Element.name).order_by(func.lower(Element.code)))]
