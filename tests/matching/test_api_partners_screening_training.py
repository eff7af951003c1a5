import datetime as dt

from labnet.database import today
from labnet.extensions import db
from labnet.training.models import TrainingOffer
from tests.helpers import (
    assert_problem,
    bearer,
    make_accreditation,
    make_capability,
    make_event,
    make_lab,
    make_method,
    make_user,
)


def test_testing_partners_ranked_by_coverage_then_distance(client):
    mon810 = make_event(uid="MON-ØØ81Ø-6", elements=["P-35S"])
    nk603 = make_event(uid="MON-ØØ6Ø3-6")
    eve810 = make_method(events=[mon810])
    eve603 = make_method(events=[nk603])
    screen = make_method(elements=["P-35S"], specificity="element")
    strip = make_method(elements=["T-nos"], specificity="element", validation="not_validated")
    near = make_lab("KE", name="Near", lat=-4.0, lon=39.6, turnaround_days=5)
    far = make_lab("ZA", name="Far", lat=-26.0, lon=28.0, turnaround_days=5)
    both = make_lab("ET", name="Both", lat=9.0, lon=38.7, turnaround_days=10)
    closed = make_lab("KE", name="Closed", accepts_external_samples=False)
    make_capability(near, eve810)
    make_capability(far, eve810)
    make_capability(both, eve810)
    make_capability(both, eve603)
    make_capability(both, screen)
    make_capability(near, strip)
    make_capability(closed, eve810)
    make_accreditation(far, [eve810], verified_by=make_user("admin"))
    agent = make_user("border_agent")
    db.session.commit()
    headers = bearer(agent)
    url = "/api/v1/match/testing-partners?lat=-4.05&lon=39.66&events=mon-00810-6,MON-ØØ6Ø3-6&elements=35S,T-nos"
    body = client.get(url, headers=headers).get_json()
    assert [m["lab_name"] for m in body["matches"]] == ["Both", "Near", "Far"]
    assert body["matches"][0]["covered"] == ["MON-ØØ81Ø-6", "MON-ØØ6Ø3-6", "P-35S"]
    assert body["matches"][0]["missing"] == ["T-nos"]  # a non-validated strip covers nothing
    accredited = client.get(url + "&accredited_only=true", headers=headers).get_json()
    assert [m["lab_name"] for m in accredited["matches"]] == ["Far"]
    # NK603 has no accredited capability: still named, among what is missing
    assert accredited["matches"][0]["covered"] == ["MON-ØØ81Ø-6"]
    assert accredited["matches"][0]["missing"] == ["MON-ØØ6Ø3-6", "P-35S", "T-nos"]
    quick = client.get(url + "&max_turnaround_days=7", headers=headers).get_json()
    assert [m["lab_name"] for m in quick["matches"]] == ["Near", "Far"]
    assert_problem(client.get("/api/v1/match/testing-partners?lat=0&lon=0", headers=headers),
                   422, "events")
    assert_problem(client.get("/api/v1/match/testing-partners?events=X-1", headers=headers),
                   422, "events")


def test_screening_interpretation_points_to_candidates_and_unexplained_positives(client):
    make_event(uid="MON-ØØ81Ø-6", name="MON810", elements=["cry1Ab", "P-35S"])
    make_event(uid="SYN-BTØ11-1", name="Bt11", elements=["cry1Ab", "pat", "P-35S", "T-nos"])
    make_event(uid="MON-ØØØ21-9", name="GA21", elements=["mepsps", "T-nos"])
    make_event(uid="SOY-1", species="soybean", elements=["P-35S", "T-nos"])
    db.session.commit()
    body = client.post("/api/v1/screening/interpret",
                       json={"positive": ["p35s", "bar"], "negative": ["tNOS"]}).get_json()
    assert [c["unique_identifier"] for c in body["candidates"]] == ["MON-ØØ81Ø-6"]
    assert body["candidates"][0]["matched_elements"] == ["P-35S"]
    assert body["unexplained_positives"] == ["bar"]
    maize = client.post("/api/v1/screening/interpret",
                        json={"positive": ["T-nos"], "species": "Maize"}).get_json()
    # equal matches are listed by UID
    assert [c["name"] for c in maize["candidates"]] == ["GA21", "Bt11"]
    assert_problem(client.post("/api/v1/screening/interpret",
                               json={"positive": ["P-35S"], "negative": ["35S"]}), 422, "negative")
    assert_problem(client.post("/api/v1/screening/interpret", json={"positive": ["unobtainium"]}),
                   422, "positive")


def test_training_finder_and_enrolment_until_full(client):
    lab = make_lab("KE", name="Trainer")
    offer = TrainingOffer(lab_id=lab.id, title="qPCR screening", topics=["qPCR"],
                          audience=["laboratory"], modality="hands_on", languages=["en"],
                          start_date=today() + dt.timedelta(days=10),
                          end_date=today() + dt.timedelta(days=12), seats_total=2,
                          seats_remaining=2, country_code="KE")
    past = TrainingOffer(lab_id=lab.id, title="qPCR old", topics=["qPCR"], audience=["laboratory"],
                         modality="online", languages=["en"], start_date=today() - dt.timedelta(days=3),
                         end_date=today(), seats_total=5, seats_remaining=5)
    db.session.add_all([offer, past])
    requester = make_lab("UG")
    user = make_user("lab_manager", labs=[requester])
    db.session.commit()
    headers = bearer(user)
    found = client.get(f"/api/v1/match/training?topic=qpcr&requester_lab={requester.id}",
                       headers=headers).get_json()
    assert [m["offer_id"] for m in found["matches"]] == [offer.id]
    assert found["matches"][0]["same_subregion"] is True
    url = f"/api/v1/training-offers/{offer.id}/enrolments"
    assert client.post(url, json={"seats": 2}, headers=headers).status_code == 201
    assert_problem(client.post(url, json={}, headers=headers), 409)
    assert client.get(f"/api/v1/training-offers/{offer.id}").get_json()["seats_remaining"] == 0
    assert_problem(client.post(f"/api/v1/training-offers/{past.id}/enrolments", json={},
                               headers=headers), 409)


def test_a_lab_covers_a_stack_when_it_covers_each_of_its_single_events(client):
    first, second = make_event(uid="AAA-00001-1"), make_event(uid="BBB-00002-2")
    stack = make_event(uid="AAA-00001-1 × BBB-00002-2", name="A×B")
    stack.components = [first, second]
    both, one = make_lab("KE", name="Both", lat=0.0, lon=35.0), make_lab("UG", name="One", lat=0.3, lon=32.5)
    for lab, events in ((both, [first, second]), (one, [first])):
        for event in events:
            make_capability(lab, make_method(events=[event]))
    agent = make_user("border_agent")
    db.session.commit()
    headers = bearer(agent)
    found = client.get(f"/api/v1/match/testing-partners?events={stack.unique_identifier}&lat=0&lon=35",
                       headers=headers).get_json()
    assert [(m["lab_name"], m["covered"]) for m in found["matches"]] == [("Both", [stack.unique_identifier])]
    coverage = client.get("/api/v1/coverage?region=014", headers=headers).get_json()
    row = next(e for e in coverage["events"] if e["unique_identifier"] == stack.unique_identifier)
    assert row["labs_with_method"] == 1
