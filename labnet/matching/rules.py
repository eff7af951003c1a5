"""The matching rules of the API contract as pure functions over plain candidates.

Queries (services.py) fetch only candidate rows; these functions order them and say why,
so they can be tested against a brute-force reference.
"""
from dataclasses import dataclass
from typing import NamedTuple

from labnet import geo


@dataclass
class Place:  # where a request comes from, or where a partner is, and its M49 subregion
    latitude: float | None
    longitude: float | None
    subregion: str | None = None

    @property
    def point(self):
        return (self.latitude, self.longitude)


def _km(distance):
    return "distance unknown" if distance is None else f"{distance:,.0f} km away"


# Candidates are named tuples: their fields read ten times faster than a database row's.
class MaterialCandidate(NamedTuple):  # a shareable holding of the event
    id: int
    lab_id: int
    name: str  # the lab's
    country_code: str
    latitude: float | None
    longitude: float | None
    subregion_code: str | None
    quantity: int
    unit: str
    expiry_date: object
    kind: str
    code: str  # the material's
    terms: str
    mta_required: bool
    accredited: bool
    validated: int  # methods validated with this lot
    shared_network: int | None  # one of the requester's networks the holder is in
    shared_network_name: str | None  # its acronym, or its name


def rank_materials(candidates: list[MaterialCandidate], requester: Place,
                   limit: int | None = None) -> tuple[int, list[tuple]]:
    """Same network first, then same M49 subregion, then nearest (unknown last), then id.

    candidates: a row per holding and network it shares with the requester (one with None
    when it shares none). Returns the number of holdings, and (candidate, distance in km,
    {id: name} of the networks shared) for the first `limit` (all without one)."""
    shared, unique = {}, {}
    for c in candidates:
        unique.setdefault(c.id, c)
        if c.shared_network is not None:
            shared.setdefault(c.id, {})[c.shared_network] = c.shared_network_name
    holdings = list(unique.values())
    distances = geo.distances_km(requester.point, [(c.latitude, c.longitude) for c in holdings])
    subregion = requester.subregion
    keyed = sorted((c.id not in shared, subregion is None or c.subregion_code != subregion,
                    d is None, d or 0.0, c.id, i) for i, (c, d) in enumerate(zip(holdings, distances)))
    return len(holdings), [(holdings[k[-1]], distances[k[-1]], shared.get(k[-2], {}))
                           for k in keyed[:limit]]


def material_match(holding: MaterialCandidate, distance, shared: dict[int, str],
                   requester: Place, subregion_names: dict[str, str]) -> dict:
    """A ranked holding as the API shows it, with the reasons for its place in words."""
    same_subregion = (requester.subregion is not None
                      and holding.subregion_code == requester.subregion)
    reasons = []
    if shared:
        reasons.append("shares the network " + ", ".join(shared[n] for n in sorted(shared)))
    if same_subregion:
        reasons.append(f"in the same M49 subregion ({subregion_names.get(requester.subregion, requester.subregion)})")
    reasons.append(_km(distance))
    reasons.append(f"{holding.code}: {holding.kind.replace('_', '-')} reference material")
    reasons.append(f"{holding.quantity} {holding.unit} in stock" + (
        f", expires {holding.expiry_date.isoformat()}" if holding.expiry_date else ", no expiry date"))
    if holding.accredited:
        reasons.append("holder has a current ISO/IEC 17025 accreditation")
    if holding.validated:
        reasons.append(f"validated with {holding.validated} method(s)")
    reasons.append(f"terms: {holding.terms.replace('_', ' ')}"
                   + (", MTA required" if holding.mta_required else ""))
    return {
        "holding_id": holding.id, "lab_id": holding.lab_id, "lab_name": holding.name,
        "country": holding.country_code, "distance_km": distance, "same_network": bool(shared),
        "same_subregion": same_subregion, "quantity": holding.quantity, "unit": holding.unit,
        "expiry_date": holding.expiry_date and holding.expiry_date.isoformat(),
        "kind": holding.kind, "reasons": reasons,
    }


class PartnerCapability(NamedTuple):  # a capability covering a target, with its lab
    lab_id: int
    target_key: object  # the event's uid_key, or the element's id
    target: str  # the event's unique identifier, or the element's code
    name: str  # the lab's
    country_code: str
    latitude: float | None
    longitude: float | None
    turnaround_days: int | None
    matrices: str  # as JSON text, read only when a matrix is asked for
    accredited: bool


@dataclass
class PartnerCandidate:
    lab_id: int
    lab_name: str
    country: str
    place: Place
    turnaround_days: int | None
    accredited: bool
    covered: list


def rank_partners(candidates: list[PartnerCandidate], origin: Place, targets: list[str],
                  limit: int | None = None) -> list[dict]:
    """Most targets covered first, then nearest (unknown last), then lab id.
    With `limit`, only the first `limit` are returned (and explained)."""
    distances = geo.distances_km(origin.point, [c.place.point for c in candidates])
    keyed = sorted((((-len(c.covered), distance is None, distance or 0.0, c.lab_id), c, distance)
                    for c, distance in zip(candidates, distances)), key=lambda k: k[0])
    ranked = []
    for _, c, distance in keyed[:limit]:
        covered = [t for t in targets if t in c.covered]
        missing = [t for t in targets if t not in c.covered]
        reasons = [f"covers {len(covered)} of {len(targets)} target(s)", _km(distance)]
        if c.accredited:
            reasons.append("has a current ISO/IEC 17025 accreditation")
        if c.turnaround_days is not None:
            reasons.append(f"turnaround {c.turnaround_days} day(s)")
        ranked.append({"lab_id": c.lab_id, "lab_name": c.lab_name, "country": c.country,
                       "distance_km": distance, "covered": covered, "missing": missing,
                       "accredited": c.accredited, "turnaround_days": c.turnaround_days,
                       "reasons": reasons})
    return ranked


def interpret(positive: set[int], negative: set[int], events: list[tuple]) -> tuple[list, set]:
    """events: (event, element ids). Candidates carry a positive and no negative element."""
    candidates, explained = [], set()
    for event, elements in events:
        matched = elements & positive
        if matched and not (elements & negative):
            candidates.append((event, matched))
            explained |= matched
    candidates.sort(key=lambda c: (-len(c[1]), c[0].unique_identifier))
    return candidates, positive - explained
