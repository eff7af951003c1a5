"""Network coverage: per event, can labs in scope detect it, and is material at hand?

Computed with aggregate SQL over the labs in scope, never a Python loop over every lab.
"""
import csv
import io

from sqlalchemy import distinct, func, or_, select

from labnet import authz
from labnet.catalogue.lookup import event_keys, get_or_404
from labnet.catalogue.models import Event, Method, method_events, reference_material_events
from labnet.dbtypes import today
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Capability, Lab, Network, NetworkMembership
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
    codes = descendants(region)
    return select(Lab.id).join(Country, Country.code == Lab.country_code).where(
        or_(Country.subregion_code.in_(codes), Country.region_code.in_(codes)))


def coverage(actor, region=None, network=None, events=None) -> dict:
    authz.require(authz.can_see_private(actor), actor, "Log in to see coverage.")
    if bool(region) == bool(network):
        raise Invalid("Give either region or network.", {"region": ["Give region or network."]})
    countries = []
    if region:
        if region not in REGION_NAMES:
            raise NotFound(f"No M49 region {region}.")
        codes = descendants(region)
        def within(stmt, lab_id):
            # joined, not IN (subquery): the planner then starts from the events asked for
            return stmt.join(Lab, Lab.id == lab_id).join(Country, Country.code == Lab.country_code) \
                .where(or_(Country.subregion_code.in_(codes), Country.region_code.in_(codes)))
        counts = (select(Country.code, Country.name, func.count(Lab.id))
                  .outerjoin(Lab, Lab.country_code == Country.code)
                  .where(or_(Country.subregion_code.in_(codes), Country.region_code.in_(codes)))
                  .group_by(Country.code, Country.name).order_by(Country.name))
        countries = [{"code": c, "name": n, "labs": k} for c, n, k in db.session.execute(counts)]
        scope = {"region": region, "name": REGION_NAMES[region]}
    else:
        net = get_or_404(Network, network, "network")
        in_scope = labs_in_scope(network=net.id)

        def within(stmt, lab_id):
            return stmt.join(NetworkMembership, NetworkMembership.lab_id == lab_id) \
                .where(NetworkMembership.network_id == net.id)
        counts = (select(Country.code, Country.name, func.count(Lab.id))
                  .join(Lab, Lab.country_code == Country.code).where(Lab.id.in_(in_scope))
                  .group_by(Country.code, Country.name).order_by(Country.name))
        countries = [{"code": c, "name": n, "labs": k} for c, n, k in db.session.execute(counts)]
        scope = {"network": net.id, "name": net.name}

    event_stmt = select(Event.id, Event.unique_identifier, Event.name).order_by(Event.unique_identifier)
    methods = within(select(method_events.c.event_id, func.count(distinct(Capability.lab_id)))
                     .join(Method, Method.id == method_events.c.method_id)
                     .join(Capability, Capability.method_id == Method.id), Capability.lab_id) \
        .where(Method.specificity == "event", Method.validation_status != "not_validated") \
        .group_by(method_events.c.event_id)
    materials = within(select(reference_material_events.c.event_id, func.count(distinct(Holding.lab_id)))
                       .join(Holding, Holding.reference_material_id
                             == reference_material_events.c.reference_material_id), Holding.lab_id) \
        .where(Holding.quantity > 0, or_(Holding.expiry_date.is_(None), Holding.expiry_date >= today())) \
        .group_by(reference_material_events.c.event_id)
    if events:  # aggregate only the events asked for: the work grows with the answer
        asked = sorted(event_keys(events, "events"), key=lambda e: e.unique_identifier)
        ids = [e.id for e in asked]
        methods = methods.where(method_events.c.event_id.in_(ids))
        materials = materials.where(reference_material_events.c.event_id.in_(ids))
    method_counts = dict(db.session.execute(methods).all())
    material_counts = dict(db.session.execute(materials).all())
    event_rows = [(e.id, e.unique_identifier, e.name) for e in asked] if events \
        else db.session.execute(event_stmt).all()
    rows = []
    summary = dict.fromkeys(STATUSES, 0)
    for event_id, uid, name in event_rows:
        with_method, with_material = method_counts.get(event_id, 0), material_counts.get(event_id, 0)
        status = status_of(with_method, with_material)
        summary[status] += 1
        rows.append({"unique_identifier": uid, "name": name, "status": status,
                     "labs_with_method": with_method, "labs_with_material": with_material})
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
