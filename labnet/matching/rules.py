"""The matching rules of the API contract as pure functions over plain candidates.

Queries (services.py) fetch only candidate rows; these functions order them and say why,
so they can be tested against a brute-force reference.
"""
from dataclasses import dataclass, field

from labnet import geo


@dataclass
class Place:
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


def rank_materials(candidates: list[MaterialCandidate], requester: Place,
                   subregion_names: dict[str, str]) -> list[dict]:
    """Same network first, then same M49 subregion, then nearest (unknown last), then id."""
    ranked = []
    for c in candidates:
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
    return ranked


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
