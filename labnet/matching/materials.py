"""Material matching: holders of an event's reference materials, nearest trustworthy first.

The candidates come from one hand-built query (queries.material_candidates); the ranking
rules below are pure functions over them, held to a brute-force reference in
tests/matching/test_materials.py.
"""
from flask_babel import gettext as _

from labnet import authz, geo
from labnet.catalogue.lookup import event_by_uid
from labnet.database import today
from labnet.errors import Invalid, NotFound
from labnet.i18n import Words
from labnet.matching import queries
from labnet.matching.place import Place, distance_phrase
from labnet.matching.queries import MaterialCandidate
from labnet.reference.m49 import REGION_NAMES
from labnet.web.labels import label


def match_materials(actor, event, quantity=1, requester_lab=None, lat=None, lon=None,
                    certified_only=False, accredited_only=False, validated_only=False, limit=20):
    """Holders of the event's reference materials, ranked: one query whatever the count
    (and one or two more when there is no candidate, to tell which of the event and the
    requesting lab does not exist)."""
    authz.require(authz.can_see_private(actor), actor, _("Log in to match."))
    if requester_lab is None and (lat is None or lon is None):
        raise Invalid(_("Say where the request comes from: requester_lab, or lat and lon."),
                      {"requester_lab": [_("Give requester_lab, or lat and lon.")]})
    found = queries.material_candidates(event, quantity, today(), requester_lab,
                                        certified_only, accredited_only, validated_only)
    if found.event is None and not found.candidates:
        # not a UID as typed: a name or an alias (404 with suggestions when neither)
        event = event_by_uid(event).unique_identifier
        found = queries.material_candidates(event, quantity, today(), requester_lab,
                                            certified_only, accredited_only, validated_only)
    summary = found.event or queries.event_summary(event)
    if requester_lab is None:
        origin = Place(lat, lon)  # a bare point names no country, subregion or network
    else:
        requester = found.requester or queries.requester_place(requester_lab)
        if requester is None:
            raise NotFound(_("No lab with id %(id)s.", id=requester_lab))
        origin = Place(requester.latitude, requester.longitude, requester.subregion_code)
    total, ranked = rank_materials(found.candidates, origin, limit=limit)
    words = Words()
    return {"event": summary, "total": total, "matches": [
        material_match(c, distance, shared, origin, REGION_NAMES, words)
        for c, distance, shared in ranked]}


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
                    d is None, d or 0.0, c.id, i) for i, (c, d) in enumerate(zip(holdings, distances, strict=True)))
    return len(holdings), [(holdings[k[-1]], distances[k[-1]], shared.get(k[-2], {}))
                           for k in keyed[:limit]]


def material_match(holding: MaterialCandidate, distance, shared: dict[int, str],
                   requester: Place, subregion_names: dict[str, str],
                   words: Words | None = None) -> dict:
    """A ranked holding as the API shows it, with the reasons for its place in words."""
    words = words or Words()
    # the strings stay marked for extraction; the catalogue is looked up once per call
    _, ngettext = words.gettext, words.ngettext
    same_subregion = (requester.subregion is not None
                      and holding.subregion_code == requester.subregion)
    reasons = []
    if shared:
        reasons.append(_("shares the network %(networks)s",
                         networks=", ".join(shared[n] for n in sorted(shared))))
    if same_subregion:
        reasons.append(_("in the same M49 subregion (%(subregion)s)",
                         subregion=subregion_names.get(requester.subregion, requester.subregion)))
    reasons.append(distance_phrase(distance, words))
    reasons.append(_("%(code)s: %(kind)s reference material", code=holding.code,
                     kind=words.once(label, holding.kind)))
    if holding.expiry_date:
        reasons.append(_("%(stock)s %(unit)s in stock, expires %(date)s", stock=holding.quantity,
                         unit=holding.unit, date=holding.expiry_date.isoformat()))
    else:
        reasons.append(_("%(stock)s %(unit)s in stock, no expiry date", stock=holding.quantity,
                         unit=holding.unit))
    if holding.accredited:
        reasons.append(_("holder has a current ISO/IEC 17025 accreditation"))
    if holding.validated:
        reasons.append(ngettext("validated with %(num)s method", "validated with %(num)s methods",
                                holding.validated))
    if holding.mta_required:
        reasons.append(_("terms: %(terms)s, MTA required", terms=words.once(label, holding.terms)))
    else:
        reasons.append(_("terms: %(terms)s", terms=words.once(label, holding.terms)))
    return {
        "holding_id": holding.id, "lab_id": holding.lab_id, "lab_name": holding.name,
        "country": holding.country_code, "distance_km": distance, "same_network": bool(shared),
        "same_subregion": same_subregion, "quantity": holding.quantity, "unit": holding.unit,
        "expiry_date": holding.expiry_date and holding.expiry_date.isoformat(),
        "kind": holding.kind, "reasons": reasons,
    }
