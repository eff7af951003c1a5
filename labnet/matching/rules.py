"""The matching rules of the API contract as pure functions over plain candidates.

Queries (services.py) fetch only candidate rows; these functions order them and say why,
so they can be tested against a brute-force reference.
"""
from dataclasses import dataclass, field

from labnet import geo


@dataclass
class Place:  # a requester's or a holder's location, subregion and networks
    latitude: float | None
    longitude: float | None
    subregion: str | None = None
    network_ids: frozenset = frozenset()

    @property
    def point(self):
        return (self.latitude, self.longitude)


@dataclass
class MaterialCandidate:
    holding_id: int
    lab_id: int
    lab_name: str
    country: str
    place: Place
    quantity: int
    unit: str
    expiry_date: object
    kind: str
    material_code: str
    terms: str
    mta_required: bool
    accredited: bool
    validated_methods: int
    network_names: dict = field(default_factory=dict)


def _km(distance):
    return "distance unknown" if distance is None else f"{distance:,.0f} km away"


# The spherical estimate is within 0.6 % of the WGS-84 geodesic; a 2 % margin (plus 1 km for
# rounding) keeps every candidate that could rank in the top `limit` by geodesic distance.
ESTIMATE_MARGIN, ESTIMATE_SLACK_KM = 1.02, 1.0


def _group(c, requester: Place):
    shared = bool(c.place.network_ids & requester.network_ids)
    same = requester.subregion is not None and c.place.subregion == requester.subregion
    return (not shared, not same)


def _needing_distances(candidates, requester: Place, limit: int | None):
    """The candidates that can appear among the first `limit`: all of them in the groups
    before the last group needed, and in that group those whose estimated distance could
    beat the limit-th. Exact geodesics are computed for these only."""
    if limit is None or len(candidates) <= limit:
        return candidates
    keyed = sorted(((_group(c, requester), geo.estimate_km(requester.point, c.place.point), i)
                    for i, c in enumerate(candidates)), key=lambda k: (k[0], k[1] is None, k[1] or 0.0))
    boundary_group, boundary_estimate, _ = keyed[limit - 1]
    keep = []
    for group, estimate, i in keyed:
        if group < boundary_group or (group == boundary_group and (
                boundary_estimate is None or estimate is None
                or estimate <= boundary_estimate * ESTIMATE_MARGIN + ESTIMATE_SLACK_KM)):
            keep.append(candidates[i])
    return keep


def rank_materials(candidates: list[MaterialCandidate], requester: Place,
                   subregion_names: dict[str, str], limit: int | None = None) -> list[dict]:
    """Same network first, then same M49 subregion, then nearest (unknown last), then id.
    With `limit`, only the first `limit` are returned, in exactly that order."""
    ranked = []
    for c in _needing_distances(candidates, requester, limit):
        distance = geo.distance_km(requester.point, c.place.point)
        shared = sorted(c.place.network_ids & requester.network_ids)
        same_subregion = requester.subregion is not None and c.place.subregion == requester.subregion
        reasons = []
        if shared:
            reasons.append("shares the network " + ", ".join(c.network_names.get(n, str(n))
                                                              for n in shared))
        if same_subregion:
            reasons.append(f"in the same M49 subregion ({subregion_names.get(requester.subregion, requester.subregion)})")
        reasons.append(_km(distance))
        reasons.append(f"{c.material_code}: {c.kind.replace('_', '-')} reference material")
        reasons.append(f"{c.quantity} {c.unit} in stock" + (
            f", expires {c.expiry_date.isoformat()}" if c.expiry_date else ", no expiry date"))
        if c.accredited:
            reasons.append("holder has a current ISO/IEC 17025 accreditation")
        if c.validated_methods:
            reasons.append(f"validated with {c.validated_methods} method(s)")
        reasons.append(f"terms: {c.terms.replace('_', ' ')}" + (", MTA required" if c.mta_required else ""))
        ranked.append({
            "holding_id": c.holding_id, "lab_id": c.lab_id, "lab_name": c.lab_name,
            "country": c.country, "distance_km": distance, "same_network": bool(shared),
            "same_subregion": same_subregion, "quantity": c.quantity, "unit": c.unit,
            "expiry_date": c.expiry_date, "kind": c.kind, "reasons": reasons,
        })
    ranked.sort(key=lambda m: (not m["same_network"], not m["same_subregion"],
                               m["distance_km"] is None, m["distance_km"] or 0.0, m["holding_id"]))
    return ranked[:limit] if limit is not None else ranked


@dataclass
class PartnerCandidate:
    lab_id: int
    lab_name: str
    country: str
    place: Place
    turnaround_days: int | None
    accredited: bool
    covered: list


def rank_partners(candidates: list[PartnerCandidate], origin: Place, targets: list[str]) -> list[dict]:
    """Most targets covered first, then nearest (unknown last), then lab id."""
    ranked = []
    for c in candidates:
        distance = geo.distance_km(origin.point, c.place.point)
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
    ranked.sort(key=lambda m: (-len(m["covered"]), m["distance_km"] is None,
                               m["distance_km"] or 0.0, m["lab_id"]))
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
