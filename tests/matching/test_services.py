"""Testing partners, screening interpretation and the training finder against brute-force
references on random networks."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from labnet.catalogue.models import Event
from labnet.database import today
from labnet.extensions import db
from labnet.labs.models import Lab
from labnet.matching.partners import match_testing_partners
from labnet.matching.screening import interpret_screening
from labnet.matching.training import match_training
from labnet.training.models import TrainingOffer
from tests.helpers import (
    clean_database,
    geopy_km,
    make_accreditation,
    make_capability,
    make_event,
    make_lab,
    make_method,
    make_user,
)

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
ELEMENTS = ["P-35S", "T-nos", "T-35S", "pat", "bar", "CP4-epsps"]


def brute_partners(event_uids, element_codes, origin, matrix, accredited_only, max_days):
    on = today()
    targets = list(event_uids) + list(element_codes)
    found = []
    for lab in db.session.scalars(select(Lab)):
        if not lab.accepts_external_samples or (matrix and matrix not in lab.matrices):
            continue
        if max_days is not None and (lab.turnaround_days is None or lab.turnaround_days > max_days):
            continue
        scope = {m.id for a in lab.accreditations if a.is_verified_current(on) for m in a.scope_methods}
        covered = set()
        for capability in lab.capabilities:
            method = capability.method
            if not method.validated or (accredited_only and method.id not in scope):
                continue
            if method.specificity == "event":
                covered |= {e.unique_identifier for e in method.events} & set(event_uids)
            if method.specificity == "element":
                covered |= {e.code for e in method.elements} & set(element_codes)
        if covered:
            distance = geopy_km(origin, (lab.latitude, lab.longitude))
            found.append((-len(covered), distance, lab.id))
    return [lab_id for _, _, lab_id in sorted(found)], targets


lab_spec = st.tuples(st.sampled_from(["KE", "UG", "PE"]), st.floats(-50, 50), st.floats(-100, 100),
                     st.booleans(), st.sampled_from([None, 3, 7, 14]), st.booleans(),
                     st.lists(st.integers(0, 7), max_size=4))


@SETTINGS
@given(labs=st.lists(lab_spec, min_size=1, max_size=6), accredited_only=st.booleans(),
       max_days=st.sampled_from([None, 7]), matrix=st.sampled_from([None, "grain", "leaf"]))
def test_testing_partners_agree_with_brute_force(app, labs, accredited_only, max_days, matrix):
    clean_database()
    events = [make_event(), make_event()]
    methods = [make_method(events=[events[0]]), make_method(events=[events[1]]),
               make_method(events=[events[0]], validation="not_validated"),
               make_method(elements=["P-35S"], specificity="element"),
               make_method(elements=["T-nos"], specificity="element"),
               make_method(elements=["T-nos"], specificity="element", validation="not_validated"),
               make_method(events=[events[1]], specificity="construct"),
               make_method(elements=["pat"], specificity="element")]
    verifier = make_user("admin")
    for index, (country, lat, lon, accepts, days, accredited, caps) in enumerate(labs):
        lab = make_lab(country, lat=lat, lon=lon, accepts_external_samples=accepts,
                       turnaround_days=days, matrices=["grain"] if accredited else ["leaf"])
        chosen = [methods[i] for i in sorted(set(caps))]
        for method in chosen:
            make_capability(lab, method)
        if accredited:  # every other one verified: self-declared ones never count
            make_accreditation(lab, chosen[:2], verified_by=verifier if index % 2 == 0 else None)
    db.session.commit()
    uids = [events[0].unique_identifier, events[1].unique_identifier]
    result = match_testing_partners(make_user("admin"), events=uids, elements=["P-35S", "tnos"],
                                    lat=0.0, lon=30.0, matrix=matrix, accredited_only=accredited_only,
                                    max_turnaround_days=max_days, limit=100)
    expected, _ = brute_partners(uids, ["P-35S", "T-nos"], (0.0, 30.0), matrix, accredited_only,
                                 max_days)
    assert [m["lab_id"] for m in result["matches"]] == expected
    db.session.rollback()


@SETTINGS
@given(carried=st.lists(st.sets(st.sampled_from(ELEMENTS), min_size=1), min_size=1, max_size=6),
       positive=st.sets(st.sampled_from(ELEMENTS), min_size=1),
       negative=st.sets(st.sampled_from(ELEMENTS)), species=st.sampled_from([None, "maize"]))
def test_screening_interpretation_agrees_with_brute_force(app, carried, positive, negative, species):
    clean_database()
    negative = negative - positive
    for i, elements in enumerate(carried):
        make_event(species="maize" if i % 2 else "soybean", elements=sorted(elements))
    db.session.commit()
    result = interpret_screening(sorted(positive), sorted(negative), species)
    expected, explained = [], set()
    for event in db.session.scalars(select(Event)):
        codes = {e.code for e in event.elements}
        if (species is None or event.species == species) and codes & positive and not codes & negative:
            expected.append((-len(codes & positive), event.unique_identifier))
            explained |= codes & positive
    assert [c["unique_identifier"] for c in result["candidates"]] == [u for _, u in sorted(expected)]
    assert set(result["unexplained_positives"]) == positive - explained


@SETTINGS
@given(offers=st.lists(st.tuples(st.integers(-5, 30), st.integers(0, 3), st.sampled_from(["en", "fr"]),
                                 st.sampled_from(["KE", "PE"]), st.sampled_from(["online", "hands_on"])),
                       max_size=6),
       language=st.sampled_from([None, "fr"]), modality=st.sampled_from([None, "online"]))
def test_training_finder_agrees_with_brute_force(app, offers, language, modality):
    clean_database()
    requester = make_lab("UG", lat=0.3, lon=32.6)
    hosts = {"KE": make_lab("KE", lat=-1.3, lon=36.8), "PE": make_lab("PE", lat=-12.0, lon=-77.0)}
    for start, seats, lang, country, mode in offers:
        db.session.add(TrainingOffer(
            lab_id=hosts[country].id, title="qPCR course", topics=["qPCR"], audience=["laboratory"],
            modality=mode, languages=[lang], start_date=today() + dt.timedelta(days=start),
            end_date=today() + dt.timedelta(days=start + 40), seats_total=3, seats_remaining=seats))
    db.session.commit()
    result = match_training(make_user("admin"), topic="qpcr", language=language, modality=modality,
                            requester_lab=requester.id, limit=100)
    expected = []
    for offer in db.session.scalars(select(TrainingOffer)):
        if offer.start_date <= today() or offer.seats_remaining < 1:
            continue
        if (language and language not in offer.languages) or (modality and offer.modality != modality):
            continue
        same = offer.lab.country.subregion_code == requester.country.subregion_code
        distance = geopy_km((requester.latitude, requester.longitude),
                            (offer.lab.latitude, offer.lab.longitude))
        expected.append((not same, distance, offer.start_date, offer.id))
    assert [m["offer_id"] for m in result["matches"]] == [e[3] for e in sorted(expected)]
