"""Testing partners: labs that can test a consignment for the events and screening elements
named, most targets covered first.

The covering capabilities come from a hand-built query (queries.covering_capabilities);
the ranking rule below is a pure function over them, held to a brute-force reference in
tests/matching/test_rules_brute_force.py.
"""
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from labnet import authz, geo
from labnet.catalogue.lookup import canonical_uids, elements_by_codes, is_stack_key, is_uid_key, stacks_among, uid_key
from labnet.database import today
from labnet.errors import Invalid
from labnet.extensions import db
from labnet.i18n import Words, country_name
from labnet.matching import queries
from labnet.matching.place import Place, distance_phrase
from labnet.reference.models import Country


def match_testing_partners(actor, events=(), elements=(), lat=None, lon=None, matrix=None,
                           accredited_only=False, max_turnaround_days=None, pt_within_years=None,
                           limit=20):
    """Labs that can test for the events and elements named, ranked. One query for the
    events (a second when one of them has no covering capability: is it in the catalogue?),
    two for the elements (their codes or aliases, then the capabilities)."""
    authz.require(authz.can_see_private(actor), actor, _("Log in to match."))
    if not events and not elements:
        raise Invalid(_("Name at least one event or screening element to test for."),
                      {"events": [_("Give events and/or elements.")]})
    if (lat is None) != (lon is None):
        raise Invalid(_("Give lat and lon together."), {"lon" if lon is None else "lat": [_("Missing.")]})
    on = today()
    targets, capabilities, stacks = [], [], {}  # targets: shown as typed, events first
    for kind, typed in (("event", events), ("element", elements)):
        if not typed:
            continue
        if kind == "event":
            # as typed when every one has the shape of a UID; otherwise (a name, an alias)
            # the catalogue's UIDs
            uids = list(typed)
            if not all(is_uid_key(uid_key(t)) for t in typed):
                uids = canonical_uids(uids, "events")
            stacks = {}
            if any(is_stack_key(uid_key(uid)) for uid in uids):
                _found, stacks = stacks_among([uid_key(uid) for uid in uids])
            # a stack is covered by a lab that covers each of its single events
            parts = [uid for members in stacks.values() for uid in members if uid not in uids]
            keys = {uid_key(uid): uid for uid in uids + parts}
        else:
            keys = {e.id: e.code for e in elements_by_codes(list(typed), "elements")}
        found = queries.covering_capabilities(kind, list(keys), on, accredited_only,
                                              max_turnaround_days)
        names = {c.target_key: c.target for c in found}
        if kind == "event" and names.keys() != keys.keys():
            # some event no lab covers: is it in the catalogue (by UID, name or alias)?
            canonical = canonical_uids(list(keys.values()), "events")  # 422 with suggestions
            if [uid_key(uid) for uid in canonical] != list(keys):  # an alias shaped like a UID
                uids = canonical_uids(uids, "events")
                keys = {uid_key(uid): uid for uid in canonical}
                found = queries.covering_capabilities(kind, list(keys), on, accredited_only,
                                                      max_turnaround_days)
            names = {uid_key(uid): uid for uid in canonical} | {c.target_key: c.target for c in found}
        asked = uids if kind == "event" else list(keys.values())
        targets += [names.get(key, name) for key, name in keys.items() if name in asked]
        capabilities += found
    labs, covered = {}, defaultdict(set)
    for capability in capabilities:
        if matrix is None or matrix in json.loads(capability.matrices):
            labs.setdefault(capability.lab_id, capability)
            covered[capability.lab_id].add(capability.target)
    for lab_covers in covered.values():
        lab_covers |= {stack for stack, members in stacks.items() if set(members) <= lab_covers}
        lab_covers &= set(targets)  # a stack's single events count only as parts of it
    labs = {lab_id: lab for lab_id, lab in labs.items() if covered[lab_id]}
    proven = {}
    if pt_within_years is not None:
        proven = proficiency_evidence(covered, stacks, years_before(on, pt_within_years))
        labs = {lab_id: lab for lab_id, lab in labs.items() if lab_id in proven}
    candidates = [PartnerCandidate(
        lab_id=lab_id, lab_name=lab.name, country=lab.country_code,
        place=Place(lab.latitude, lab.longitude), turnaround_days=lab.turnaround_days,
        accredited=bool(lab.accredited), covered=sorted(covered[lab_id]),
        pt=proven.get(lab_id, []))
        for lab_id, lab in labs.items()]
    ranked = rank_partners(candidates, Place(lat, lon), targets, limit=limit)
    return {"total": len(candidates), "matches": ranked}


def years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year without one
        return on.replace(year=on.year - years, day=28)


def proficiency_evidence(covered: dict, stacks: dict, since: date) -> dict[int, list[dict]]:
    """The labs (of `covered`: lab id -> targets it covers) with a satisfactory proficiency
    test since `since` for each target they cover, each with the most recent such test per
    target. A stack counts as tested when the stack itself or each of its events was."""
    tests = queries.satisfactory_tests(list(covered), since)
    latest = defaultdict(dict)  # lab -> target key -> newest test naming it
    for test in tests:
        for target in test.targets:
            latest[test.lab_id].setdefault(_target_key(target), test)
    proven = {}
    for lab_id, targets in covered.items():
        found = latest.get(lab_id, {})
        evidence = {}
        for target in targets:
            parts = [target] if _target_key(target) in found else stacks.get(target, [target])
            if not all(_target_key(p) in found for p in parts):
                break
            evidence.update({p: found[_target_key(p)] for p in parts})
        else:
            proven[lab_id] = [
                {"target": target, "proficiency_test_id": t.id, "provider": t.provider,
                 "scheme": t.scheme, "round": t.round, "date": t.date.isoformat(),
                 "z_score": t.z_score} for target, t in sorted(evidence.items())]
    return proven


def _target_key(target: str) -> str:
    """Events by their UID key (slashed zero or digit alike), elements by their code."""
    return uid_key(target) if is_uid_key(uid_key(target)) else target.strip().lower()


@dataclass
class PartnerCandidate:
    lab_id: int
    lab_name: str
    country: str
    place: Place
    turnaround_days: int | None
    accredited: bool
    covered: list
    pt: list = field(default_factory=list)


def rank_partners(candidates: list[PartnerCandidate], origin: Place, targets: list[str],
                  limit: int | None = None) -> list[dict]:
    """Most targets covered first, then nearest (unknown last), then lab id.
    With `limit`, only the first `limit` are returned (and explained)."""
    distances = geo.distances_km(origin.point, [c.place.point for c in candidates])
    keyed = sorted((((-len(c.covered), distance is None, distance or 0.0, c.lab_id), c, distance)
                    for c, distance in zip(candidates, distances, strict=True)), key=lambda k: k[0])
    ranked = []
    words = Words()
    # the strings stay marked for extraction; the catalogue is looked up once per call
    _, ngettext = words.gettext, words.ngettext
    for _key, c, distance in keyed[:limit]:
        covered = [t for t in targets if t in c.covered]
        missing = [t for t in targets if t not in c.covered]
        reasons = [ngettext("covers %(covered)s of %(num)s target", "covers %(covered)s of %(num)s targets",
                            len(targets), covered=len(covered)), distance_phrase(distance, words)]
        if c.accredited:
            reasons.append(_("has a current ISO/IEC 17025 accreditation"))
        if c.turnaround_days is not None:
            reasons.append(ngettext("turnaround %(num)s day", "turnaround %(num)s days",
                                    c.turnaround_days))
        if c.pt:
            newest = max(c.pt, key=lambda t: t["date"])
            reasons.append(_("satisfactory proficiency test for %(targets)s, latest %(provider)s "
                             "%(scheme)s round %(round)s (%(date)s)", targets=_(", ").join(covered),
                             provider=newest["provider"], scheme=newest["scheme"],
                             round=newest["round"], date=newest["date"]))
        ranked.append({"lab_id": c.lab_id, "lab_name": c.lab_name, "country": c.country,
                       "distance_km": distance, "covered": covered, "missing": missing,
                       "accredited": c.accredited, "turnaround_days": c.turnaround_days,
                       "pt": c.pt, "reasons": reasons})
    return ranked


def locate_origin(city: str, country_code: str) -> tuple[float, float, str] | None:
    """Where a partner search typed as a city and a country starts: (lat, lon, the place in
    words), at the country's centre when the city is not found; None when neither has a
    position. Invalid for an unknown country."""
    country = db.session.get(Country, country_code.upper())
    if country is None:
        raise Invalid(_("Unknown country."), {"country": [_("Unknown country.")]})
    lat, lon, source = geo.locate(city, country.code, None, (country.latitude, country.longitude))
    if lat is None:
        return None
    name = country_name(country.code, country.name)
    if source != "geocoded":
        place = _("%(country)s (country centre: city not found)", country=name)
    else:
        place = _("%(city)s, %(country)s", city=city, country=name) if city else name
    return lat, lon, place
