"""A deterministic synthetic network at national or continental scale, for benchmarks.

Labs sit around the representative points of real countries of Africa, Asia and Latin
America; events, methods and materials are synthetic (UIDs start with SYN-). Holdings per
event stay constant as the data grows, so benchmarks compare equal candidate sets.
"""
import datetime as dt
import random

import sqlalchemy as sa

from labnet.catalogue.lookup import name_key, uid_key
from labnet.catalogue.models import Event, Method, ReferenceMaterial, method_events, reference_material_events
from labnet.database import today, utcnow
from labnet.extensions import db
from labnet.holdings.models import Holding, holding_validated_methods
from labnet.labs.models import Accreditation, Capability, Lab, accreditation_scope, lab_search_key
from labnet.networks.models import Network, NetworkMembership
from labnet.reference.models import Country

REGIONS = ("002", "142", "019")
BATCH = 5000


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(table, rows, progress=None):
    for chunk in (progress(list(_batches(rows))) if progress else _batches(rows)):
        db.session.execute(sa.insert(table), chunk)


def synthesize(labs: int, holdings: int, events: int, seed: int = 1, progress=None) -> dict:
    """Insert the network; ids continue after whatever is there. The caller commits."""
    rng = random.Random(seed)
    on, now = today(), utcnow()
    countries = db.session.execute(
        sa.select(Country.code, Country.latitude, Country.longitude, Country.subregion_code)
        .where(Country.region_code.in_(REGIONS), Country.latitude.is_not(None))
        .order_by(Country.code)).all()
    start = {t: (db.session.scalar(sa.select(sa.func.max(t.id))) or 0) + 1
             for t in (Event, Method, ReferenceMaterial, Lab, Holding, Network, Accreditation,
                       Capability)}

    subregions = sorted({c.subregion_code for c in countries})
    network_rows = [{"id": start[Network] + i, "name": f"Synthetic network {seed}-{sub}",
                     "acronym": f"SN-{sub}", "region_code": sub, "created_at": now}
                    for i, sub in enumerate(subregions)]
    network_of = {row["region_code"]: row["id"] for row in network_rows}

    event_rows, method_rows, material_rows, me_rows, rme_rows = [], [], [], [], []
    for i in range(events):
        event_id, method_id, material_id = start[Event] + i, start[Method] + i, start[ReferenceMaterial] + i
        uid = f"SYN-{seed:02d}{i:05d}-{i % 10}"
        event_rows.append({"id": event_id, "unique_identifier": uid, "uid_key": uid_key(uid),
                           "name": f"Synthetic event {i}", "name_key": name_key(f"Synthetic event {i}"),
                           "species": rng.choice(["maize", "soybean", "cotton", "rice"]),
                           "traits": []})
        method_rows.append({"id": method_id, "code": f"SYN-EVE-{seed}-{i}", "name": f"Event {i} qPCR",
                            "technique": "qpcr", "specificity": "event", "matrices": ["grain", "seed"],
                            "validation_status": "interlaboratory" if rng.random() < 0.9 else "not_validated"})
        material_rows.append({"id": material_id, "code": f"SYN-RM-{seed}-{i}", "producer": "Synthetic",
                              "kind": rng.choice(["certified", "certified", "non_certified", "in_house"]),
                              "form": "matrix_powder", "unit": "vial"})
        me_rows.append({"method_id": method_id, "event_id": event_id})
        rme_rows.append({"reference_material_id": material_id, "event_id": event_id})

    lab_rows, member_rows, accreditation_rows, scope_rows = [], [], [], []
    for i in range(labs):
        country = countries[rng.randrange(len(countries))]
        lab_id = start[Lab] + i
        lab_rows.append({
            "id": lab_id, "name": f"Synthetic lab {seed}-{i}", "country_code": country.code,
            "search_key": lab_search_key(f"Synthetic lab {seed}-{i}", None, None),
            "latitude": max(-89.0, min(89.0, country.latitude + rng.uniform(-3, 3))),
            "longitude": max(-179.0, min(179.0, country.longitude + rng.uniform(-3, 3))),
            "location_source": "manual", "lab_type": "government",
            "accepts_external_samples": rng.random() < 0.8, "turnaround_days": rng.choice([3, 5, 7, 10, 14]),
            "matrices": rng.sample(["seed", "grain", "flour", "food", "feed", "leaf"], 3),
            "confirmed_at": now, "created_at": now, "updated_at": now})
        if rng.random() < 0.6:
            member_rows.append({"network_id": network_of[country.subregion_code], "lab_id": lab_id,
                                "joined_at": now})
        state = rng.random()
        if state < 0.85:
            valid_from = on - dt.timedelta(days=rng.randint(100, 1500))
            valid_until = max(valid_from, on + dt.timedelta(days=rng.randint(-300, 900)))
            accreditation_rows.append({
                "id": start[Accreditation] + len(accreditation_rows), "lab_id": lab_id,
                "standard": "ISO/IEC 17025:2017", "body": "SYN", "certificate_number": f"S-{i}",
                "valid_from": valid_from, "valid_until": valid_until if state > 0.2 else None,
                "status": "active" if state < 0.8 else "suspended",
                # about half verified by a coordinator, the rest self-declared
                "verified": state < 0.45})

    capability_rows, capability_seen = [], set()
    for _ in range(max(labs, holdings // 20)):
        pair = (start[Lab] + rng.randrange(labs), start[Method] + rng.randrange(events))
        if pair not in capability_seen:
            capability_seen.add(pair)
            capability_rows.append({"id": start[Capability] + len(capability_rows), "lab_id": pair[0],
                                    "method_id": pair[1]})
    accredited = {row["lab_id"]: row["id"] for row in accreditation_rows}
    for lab_id, method_id in capability_seen:
        if lab_id in accredited and rng.random() < 0.7:
            scope_rows.append({"accreditation_id": accredited[lab_id], "method_id": method_id})

    holding_rows, validated_rows = [], []
    for i in range(holdings):
        event_index = rng.randrange(events)
        holding_id = start[Holding] + i
        expiry = rng.random()
        holding_rows.append({
            "id": holding_id, "lab_id": start[Lab] + rng.randrange(labs),
            "reference_material_id": start[ReferenceMaterial] + event_index, "lot": f"L{seed}-{i}",
            "quantity": rng.randint(0, 20), "unit": "vial",
            "expiry_date": None if expiry < 0.3 else on + dt.timedelta(days=rng.randint(-200, 1200)),
            "shareable": rng.random() < 0.85, "terms": "free", "mta_required": False,
            "created_at": now, "updated_at": now})
        if rng.random() < 0.3:
            validated_rows.append({"holding_id": holding_id, "method_id": start[Method] + event_index})

    for model, rows in ((Network, network_rows), (Event, event_rows), (Method, method_rows),
                        (ReferenceMaterial, material_rows), (Lab, lab_rows)):
        _insert(model.__table__, rows)
    _insert(method_events, me_rows)
    _insert(reference_material_events, rme_rows)
    _insert(NetworkMembership.__table__, member_rows)
    _insert(Accreditation.__table__, accreditation_rows)
    _insert(accreditation_scope, scope_rows)
    _insert(Capability.__table__, capability_rows)
    _insert(Holding.__table__, holding_rows, progress)
    _insert(holding_validated_methods, validated_rows)
    db.session.flush()
    if db.engine.dialect.name == "postgresql":
        for table in ("events", "methods", "reference_materials", "labs", "holdings", "networks",
                      "accreditations", "capabilities"):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
    # fresh planner statistics after a bulk load, so queries start from the selective index
    db.session.execute(sa.text("ANALYZE"))
    return {"labs": len(lab_rows), "holdings": len(holding_rows), "events": len(event_rows),
            "capabilities": len(capability_rows), "networks": len(network_rows),
            "first_event_id": start[Event], "first_lab_id": start[Lab]}
