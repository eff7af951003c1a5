"""Network coverage: per event, can labs in scope detect it, and is material at hand?

Computed with aggregate SQL over the labs in scope (coverage/queries.py), never a Python
loop over every lab.
"""
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from labnet import authz
from labnet.catalogue.lookup import canonical_uids, is_uid_key, refuse_unknown_uids, stack_components, uid_key
from labnet.catalogue.models import Method, method_events
from labnet.coverage import queries
from labnet.csvfiles import csv_document, file_name
from labnet.database import get_or_404, today
from labnet.errors import Invalid, NotFound
from labnet.extensions import db
from labnet.labs.models import Capability, Lab
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.m49 import REGION_NAMES, descendants
from labnet.reference.models import Country

EVENT_COLUMNS = ["unique_identifier", "name", "status", "labs_with_method", "labs_with_material"]
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
        return select(NetworkMembership.lab_id).where(NetworkMembership.network_id == network,
                                                      NetworkMembership.is_member)
    return select(Lab.id).join(Country, Country.code == Lab.country_code).where(
        queries.in_region(Country, sorted(descendants(region))), Lab.archived_at.is_(None))


def coverage(actor, region=None, network=None, events=None) -> dict:
    """Per event, how many labs in scope can detect it and hold material of it; two queries."""
    authz.require(authz.can_see_coverage(actor), actor, _("Log in to see coverage."))
    return scope_coverage(region, network, events)


def scope_coverage(region=None, network=None, events=None) -> dict:
    """The coverage answer itself, without asking who wants it: for `coverage`, and for the
    monthly snapshots the command line records (coverage/trends.py)."""
    if bool(region) == bool(network):
        raise Invalid(_("Give either region or network."), {"region": [_("Give region or network.")]})
    if region:
        if region not in REGION_NAMES:
            raise NotFound(_("No M49 region %(code)s.", code=region))
        scope = {"region": region, "name": REGION_NAMES[region]}
    else:
        net = get_or_404(Network, network, "network")
        scope = {"network": net.id, "name": net.name}
    typed = list(events or ())
    keys = {uid_key(t): t for t in typed}
    if not all(is_uid_key(key) for key in keys):  # a name or an alias: the catalogue's UIDs
        keys = {uid_key(u): u for u in canonical_uids(typed, "events")}
    region_codes = sorted(descendants(region)) if region else []
    network = network or None
    event_rows = queries.event_counts(region_codes, network, today(),
                                      list(keys) if events else None)
    missing = [typed_as for key, typed_as in keys.items()
               if key not in {row.uid_key for row in event_rows}]
    if missing:
        canonical_uids(missing, "events")  # refuses the unknown, with suggestions
    refuse_unknown_uids(keys, {row.uid_key for row in event_rows})
    countries = [{"code": row.code, "name": row.name, "labs": row.labs}
                 for row in queries.labs_per_country(region_codes, network)]
    stacks = _stacks_covered(region, network, [row.unique_identifier for row in event_rows])
    rows = []
    summary = dict.fromkeys(STATUSES, 0)
    for row in event_rows:
        with_method = stacks.get(row.unique_identifier, row.labs_with_method)
        status = status_of(with_method, row.labs_with_material)
        summary[status] += 1
        rows.append({"unique_identifier": row.unique_identifier, "name": row.name,
                     "status": status, "labs_with_method": with_method,
                     "labs_with_material": row.labs_with_material})
    lab_total = sum(c["labs"] for c in countries)  # every lab is in exactly one country
    return {"scope": scope, "labs": lab_total, "events": rows, "countries": countries,
            "summary": summary}


def _stacks_covered(region, network, uids: list[str]) -> dict[str, int]:
    """For each stack among these events, the labs in scope that can detect it: with a
    validated event-specific method for the stack itself, or for every one of its single
    events (a lab covers a stack when it covers each part). One query lists the catalogue's
    stacks (few); a query per stack in the answer counts its labs."""
    stacks = {uid: found for uid, found in stack_components().items() if uid in set(uids)}
    if not stacks:
        return {}
    scope = labs_in_scope(region, network)
    detecting = (select(Capability.lab_id, method_events.c.event_id)
                 .join(Method, Method.id == Capability.method_id)
                 .join(method_events, method_events.c.method_id == Method.id)
                 .where(Method.specificity == "event", Method.validation_status != "not_validated",
                        Capability.lab_id.in_(scope)))
    counts = {}
    for uid, (stack_id, part_ids) in stacks.items():
        by_lab = defaultdict(set)
        for lab_id, event_id in db.session.execute(
                detecting.where(method_events.c.event_id.in_(part_ids | {stack_id}))):
            by_lab[lab_id].add(event_id)
        counts[uid] = sum(1 for found in by_lab.values() if stack_id in found or part_ids <= found)
    return counts


def coverage_csv(result: dict) -> str:
    """The events of a coverage answer as a CSV file (csvfiles.py: BOM, safe cells)."""
    return csv_document(EVENT_COLUMNS, result["events"])


def export_name(result: dict, what: str, extension: str = "csv") -> str:
    """A download name saying what, whose (the network or region) and when."""
    return file_name(what, result["scope"]["name"], today(), extension)
