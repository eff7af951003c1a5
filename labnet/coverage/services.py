"""Network coverage: per event, can labs in scope detect it, and is material at hand?

Computed with aggregate SQL over the labs in scope, never a Python loop over every lab.
"""
import csv
import io
from functools import lru_cache

from sqlalchemy import bindparam, distinct, func, or_, select

from labnet import authz
from labnet.database import get_or_404
from labnet.catalogue.lookup import refuse_unknown_uids, uid_key
from labnet.catalogue.models import Event, Method, method_events, reference_material_events
from labnet.database import constant, today
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Capability, Lab
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.m49 import REGION_NAMES, descendants
from labnet.reference.models import Country

STATUSES = ("covered", "method_only", "material_only", "gap")


def status_of(labs_with_method: int, labs_with_material: int) -> str:
    if labs_with_method and labs_with_material:
        return "covered"
    if labs_with_method:
        return "method_only"
    if labs_with_material:
        return "material_only"
    return "gap"


def labs_in_scope(region=None, network=None):
    """A SELECT of the ids of the labs in a region (any M49 level) or members of a network."""
    if network:
        get_or_404(Network, network, "network")
        return select(NetworkMembership.lab_id).where(NetworkMembership.network_id == network)
    return select(Lab.id).join(Country, Country.code == Lab.country_code).where(
        _in_region(Country.__table__, sorted(descendants(region))))


_countries, _labs, _members = Country.__table__, Lab.__table__, NetworkMembership.__table__
_capabilities, _methods, _holdings = Capability.__table__, Method.__table__, Holding.__table__
_events = Event.__table__


def _in_region(countries, codes=None):
    """Countries in a region at any M49 level: `codes` are the region and the regions within
    it (by default bound at execution as "codes")."""
    if codes is None:
        codes = bindparam("codes", expanding=True)
    return or_(countries.c.subregion_code.in_(codes), countries.c.region_code.in_(codes))


@lru_cache(maxsize=None)
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
            .where(_members.c.network_id == bindparam("network"))
            .group_by(_countries.c.code, _countries.c.name))

        def within(stmt, lab_id):
            members = _members.alias()
            return stmt.join(members, members.c.lab_id == lab_id) \
                .where(members.c.network_id == bindparam("network"))
    else:
        labs_per_country = select(
            _countries.c.code, _countries.c.name,
            select(func.count()).select_from(_labs)
            .where(_labs.c.country_code == _countries.c.code).scalar_subquery()
        ).where(_in_region(_countries))

        def within(stmt, lab_id):
            labs, countries = _labs.alias(), _countries.alias()
            return stmt.join(labs, labs.c.id == lab_id) \
                .join(countries, countries.c.code == labs.c.country_code) \
                .where(_in_region(countries))
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
        .where(_holdings.c.quantity > constant(0),
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


def coverage(actor, region=None, network=None, events=None) -> dict:
    """Per event, how many labs in scope can detect it and hold material of it; two queries."""
    authz.require(authz.can_see_private(actor), actor, "Log in to see coverage.")
    if bool(region) == bool(network):
        raise Invalid("Give either region or network.", {"region": ["Give region or network."]})
    if region:
        if region not in REGION_NAMES:
            raise NotFound(f"No M49 region {region}.")
        scope = {"region": region, "name": REGION_NAMES[region]}
    else:
        net = get_or_404(Network, network, "network")
        scope = {"network": net.id, "name": net.name}
    keys = {uid_key(u): u for u in events or ()}
    labs_per_country, event_counts = _statements(bool(network), bool(events))
    params = {"codes": sorted(descendants(region)) if region else [], "network": network,
              "today": today(), "keys": list(keys)}
    event_rows = db.session.execute(event_counts, params).all()
    refuse_unknown_uids(keys, {row.uid_key for row in event_rows})
    countries = [{"code": c, "name": n, "labs": k}
                 for c, n, k in db.session.execute(labs_per_country, params)]
    rows = []
    summary = dict.fromkeys(STATUSES, 0)
    for _, uid, name, labs_with_method, labs_with_material in event_rows:
        status = status_of(labs_with_method, labs_with_material)
        summary[status] += 1
        rows.append({"unique_identifier": uid, "name": name, "status": status,
                     "labs_with_method": labs_with_method, "labs_with_material": labs_with_material})
    lab_total = sum(c["labs"] for c in countries)  # every lab is in exactly one country
    return {"scope": scope, "labs": lab_total, "events": rows, "countries": countries,
            "summary": summary}


def coverage_csv(result: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["unique_identifier", "name", "status", "labs_with_method", "labs_with_material"])
    for row in result["events"]:
        writer.writerow([row["unique_identifier"], row["name"], row["status"],
                         row["labs_with_method"], row["labs_with_material"]])
    return out.getvalue()
