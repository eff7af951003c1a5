"""Hand-built SQL of a coverage answer.

Why hand-built: coverage of a subregion is held to "labnet ÷ floor" <= 2.5 and to
"labnet 10x ÷ 1x" <= 1.3 in benchmarks/RESULTS.md (1.20 and 1.17 on SQLite, 1.68 and 1.18
on PostgreSQL). So its two queries are Core statements over the tables, built once per kind
of scope with bound parameters, with constants written into the SQL so PostgreSQL's cached
generic plans can weigh them, and their work grows with the events asked for, not with the
holdings. Everything else in coverage (the dashboard's tables, the map) uses the ORM.
"""
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, distinct, func, or_, select

from labnet.catalogue.models import Event, Method, method_events, reference_material_events
from labnet.database import constant
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Capability, Lab
from labnet.networks.models import MEMBER, NetworkMembership
from labnet.reference.models import Country

_countries, _labs, _members = Country.__table__, Lab.__table__, NetworkMembership.__table__
_capabilities, _methods, _holdings = Capability.__table__, Method.__table__, Holding.__table__
_events = Event.__table__


class CountryLabs(NamedTuple):
    code: str
    name: str
    labs: int


class EventCounts(NamedTuple):
    uid_key: str
    unique_identifier: str
    name: str
    labs_with_method: int
    labs_with_material: int


def in_region(countries, codes=None):
    """Countries in a region at any M49 level: `codes` are the region and the regions within
    it (by default bound at execution as "codes"). `countries` is the mapped Country or the
    columns of a countries table."""
    if codes is None:
        codes = bindparam("codes", expanding=True)
    return or_(countries.subregion_code.in_(codes), countries.region_code.in_(codes))


@cache
def _statements(by_network: bool, events_named: bool):
    """The two queries of a coverage answer, built once per kind of scope: the labs of each
    country in scope, and the events, each with the number of labs in scope that hold

    - a validated event-specific method for it: a subquery per event (a handful of
      capabilities each), and
    - material of it: grouped, from the events' materials through the covering index of
      holdings, then joined to the labs in scope.

    Either way the work grows with the events asked for."""
    if by_network:
        labs_per_country = (
            select(_countries.c.code, _countries.c.name, func.count(_labs.c.id))
            .join(_labs, _labs.c.country_code == _countries.c.code)
            .join(_members, _members.c.lab_id == _labs.c.id)
            .where(_members.c.network_id == bindparam("network"),
                   _members.c.status == constant(MEMBER))
            .group_by(_countries.c.code, _countries.c.name))

        def within(stmt, lab_id):
            members = _members.alias()
            return stmt.join(members, members.c.lab_id == lab_id) \
                .where(members.c.network_id == bindparam("network"),
                       members.c.status == constant(MEMBER))
    else:
        labs_per_country = select(
            _countries.c.code, _countries.c.name,
            select(func.count()).select_from(_labs)
            .where(_labs.c.country_code == _countries.c.code, _labs.c.archived_at.is_(None))
            .scalar_subquery()
        ).where(in_region(_countries.c))

        def within(stmt, lab_id):
            labs, countries = _labs.alias(), _countries.alias()
            return stmt.join(labs, labs.c.id == lab_id) \
                .join(countries, countries.c.code == labs.c.country_code) \
                .where(in_region(countries.c), labs.c.archived_at.is_(None))
    with_method = within(
        select(func.count(distinct(_capabilities.c.lab_id))).select_from(method_events)
        .join(_methods, _methods.c.id == method_events.c.method_id)
        .join(_capabilities, _capabilities.c.method_id == _methods.c.id), _capabilities.c.lab_id) \
        .where(method_events.c.event_id == _events.c.id,
               _methods.c.specificity == constant("event"),
               _methods.c.validation_status != constant("not_validated"))
    with_material = within(
        select(reference_material_events.c.event_id,
               func.count(distinct(_holdings.c.lab_id)).label("labs"))
        .join(_holdings, _holdings.c.reference_material_id
              == reference_material_events.c.reference_material_id), _holdings.c.lab_id) \
        .where(_holdings.c.archived_at.is_(None), _holdings.c.quantity > constant(0),
               or_(_holdings.c.expiry_date.is_(None), _holdings.c.expiry_date >= bindparam("today"))) \
        .group_by(reference_material_events.c.event_id)
    if events_named:
        named = _events.c.uid_key.in_(bindparam("keys", expanding=True))
        asked = _events.alias("asked")
        with_material = with_material.where(reference_material_events.c.event_id.in_(
            select(asked.c.id).where(asked.c.uid_key.in_(bindparam("keys", expanding=True)))))
    with_material = with_material.subquery("with_material")
    events = (
        select(_events.c.uid_key, _events.c.unique_identifier, _events.c.name,
               with_method.scalar_subquery(), func.coalesce(with_material.c.labs, 0))
        .outerjoin(with_material, with_material.c.event_id == _events.c.id)
        .order_by(_events.c.unique_identifier))
    if events_named:
        events = events.where(named)
    return labs_per_country.order_by(_countries.c.name), events


def _params(region_codes, network, today, keys) -> dict:
    return {"codes": region_codes, "network": network, "today": today, "keys": keys}


def event_counts(region_codes: list[str], network: int | None, today,
                 keys: list[str] | None) -> list[EventCounts]:
    """The events (those whose uid_key is in `keys`, or all), in order of their unique
    identifier, with the labs in scope (a region's countries, or a network) that can detect
    them and that hold material of them."""
    _, events = _statements(network is not None, keys is not None)
    return [EventCounts._make(row) for row in db.session.execute(
        events, _params(region_codes, network, today, keys or []))]


def labs_per_country(region_codes: list[str], network: int | None) -> list[CountryLabs]:
    """The countries in scope by name, each with its labs in scope."""
    countries, _ = _statements(network is not None, False)
    return [CountryLabs._make(row) for row in db.session.execute(
        countries, _params(region_codes, network, None, []))]
