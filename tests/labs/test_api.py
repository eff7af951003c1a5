import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.labs.models import Accreditation, Lab
from tests.helpers import (
    assert_problem,
    bearer,
    make_accreditation,
    make_capability,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_method,
    make_network,
    make_user,
)

NEW_LAB = {"name": "Kisumu Detection Lab", "country": "KE", "city": "Kisumu",
           "matrices": ["grain", "seed"], "turnaround_days": 7}


def lab_count():
    return db.session.scalar(select(func.count()).select_from(Lab))


def test_lab_manager_registers_a_lab_geocoded_offline_and_manages_it(client):
    manager = make_user("lab_manager")
    headers = bearer(manager)
    response = client.post("/api/v1/labs", json=NEW_LAB, headers=headers)
    assert response.status_code == 201, response.get_json()
    lab = response.get_json()
    assert lab["location_source"] == "geocoded"
    assert lab["latitude"] == pytest.approx(-0.1, abs=0.2) and lab["longitude"] == pytest.approx(34.75, abs=0.2)
    assert lab["region"] == "002" and lab["subregion"] == "014" and lab["accredited"] is False
    patch = client.patch(f"/api/v1/labs/{lab['id']}", json={"turnaround_days": 3}, headers=headers)
    assert patch.status_code == 200 and patch.get_json()["turnaround_days"] == 3


def test_unknown_city_falls_back_to_the_country_centroid(client):
    headers = bearer(make_user("lab_manager"))
    lab = client.post("/api/v1/labs", json=dict(NEW_LAB, city="Nowhereville"), headers=headers).get_json()
    assert lab["location_source"] == "country_centroid"
    assert (lab["latitude"], lab["longitude"]) == (1.0, 38.0)


def test_manual_coordinates_are_kept(client):
    headers = bearer(make_user("lab_manager"))
    lab = client.post("/api/v1/labs", json=dict(NEW_LAB, latitude=-1.2, longitude=36.9),
                      headers=headers).get_json()
    assert (lab["latitude"], lab["longitude"], lab["location_source"]) == (-1.2, 36.9, "manual")


@pytest.mark.parametrize("change, field", [
    ({"country": "XX"}, "country"), ({"country": "KEN"}, "country"),
    ({"latitude": 95, "longitude": 1}, "latitude"), ({"latitude": 1.0}, "longitude"),
    ({"turnaround_days": -1}, "turnaround_days"), ({"matrices": ["soup"]}, "matrices"),
    ({"contact_email": "not-an-email"}, "contact_email"), ({"name": ""}, "name"),
    ({"name": "x" * 201}, "name"), ({"lab_type": "castle"}, "lab_type"),
])
def test_bad_lab_input_is_refused_and_nothing_is_written(client, change, field):
    headers = bearer(make_user("lab_manager"))
    assert_problem(client.post("/api/v1/labs", json=dict(NEW_LAB, **change), headers=headers),
                   422, field)
    assert lab_count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize("role, status", [(None, 401), ("border_agent", 403),
                                          ("coordinator", 403), ("lab_manager", 403),
                                          ("admin", 200)])
def test_only_the_labs_managers_or_admin_edit_it(client, role, status):
    lab = make_lab(name="Original")
    make_user("lab_manager", labs=[lab])
    db.session.commit()
    headers = bearer(make_user(role)) if role else {}
    response = client.patch(f"/api/v1/labs/{lab.id}", json={"name": "Hijacked"}, headers=headers)
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Lab, lab.id).name == ("Hijacked" if status == 200 else "Original")


def test_lab_directory_filters(client):
    event = make_event(uid="MON-ØØ81Ø-6", elements=["P-35S"])
    eve = make_method(events=[event])
    screen = make_method(elements=["T-nos"], specificity="element")
    network = make_network()
    nairobi = make_lab("KE", name="Nairobi", networks=[network])
    make_capability(nairobi, eve)
    make_accreditation(nairobi, [eve], verified_by=make_user("admin"))
    lima = make_lab("PE", name="Lima")
    make_capability(lima, screen)
    make_accreditation(lima, valid_until=dt.date(2020, 1, 1), valid_from=dt.date(2018, 1, 1))
    bonn = make_lab("DE", name="Bonn")  # current, but only self-declared
    make_accreditation(bonn)
    db.session.commit()

    def names(query):
        response = client.get(f"/api/v1/labs?{query}")
        assert response.status_code == 200, response.get_json()
        return [lab["name"] for lab in response.get_json()["items"]]

    assert names("country=ke") == ["Nairobi"]
    assert names("region=419") == ["Lima"] and names("region=002") == ["Nairobi"]
    assert names(f"network={network.id}") == ["Nairobi"]
    assert names("event=mon-00810-6") == ["Nairobi"]
    assert names("element=tnos") == ["Lima"]
    # "accredited" as a filter means current and verified
    assert names("accredited=TRUE") == ["Nairobi"] and names("accredited=0") == ["Bonn", "Lima"]
    assert names("verified_only=true") == ["Nairobi"]
    assert names("verified_only=false") == ["Bonn", "Lima", "Nairobi"]
    # the read keeps `accredited` (has a current accreditation) and adds whether it is verified
    read = client.get(f"/api/v1/labs/{bonn.id}").get_json()
    assert read["accredited"] is True and read["accreditation_verified"] is False
    read = client.get(f"/api/v1/labs/{nairobi.id}").get_json()
    assert read["accredited"] is True and read["accreditation_verified"] is True
    assert names("q=lim") == ["Lima"]
    assert_problem(client.get("/api/v1/labs?event=NOPE-1"), 422, "event")  # a name that finds no event


def test_manager_cannot_verify_their_own_accreditation_but_a_coordinator_can(client):
    network = make_network()
    lab = make_lab(networks=[network])
    manager = make_user("lab_manager", labs=[lab])
    coordinator = make_user("coordinator", networks=[network])
    outsider = make_user("coordinator", networks=[make_network()])
    method = make_method()
    db.session.commit()
    payload = {"body": "KENAS", "certificate_number": "T-1", "valid_from": "2024-01-01",
               "scope_method_ids": [method.id]}
    assert_problem(client.post(f"/api/v1/labs/{lab.id}/accreditations",
                               json=dict(payload, verified=True), headers=bearer(manager)), 403)
    created = client.post(f"/api/v1/labs/{lab.id}/accreditations", json=payload,
                          headers=bearer(manager)).get_json()
    assert created["current"] is True and created["valid_until"] is None
    assert created["verified"] is False and created["standard"] == "ISO/IEC 17025:2017"
    url = f"/api/v1/accreditations/{created['id']}"
    assert_problem(client.patch(url, json={"verified": True}, headers=bearer(outsider)), 403)
    assert_problem(client.patch(url, json={"body": "X"}, headers=bearer(coordinator)), 403)
    verified = client.patch(url, json={"verified": True}, headers=bearer(coordinator)).get_json()
    assert verified["verified"] is True and verified["last_verified_on"]
    # a manager's change to the certificate needs a new verification
    changed = client.patch(url, json={"certificate_number": "T-2"}, headers=bearer(manager))
    assert changed.get_json()["verified"] is False


def test_accreditation_cannot_end_before_it_starts(client):
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    response = client.post(f"/api/v1/labs/{lab.id}/accreditations", headers=bearer(manager), json={
        "body": "KENAS", "certificate_number": "T-1", "valid_from": "2024-01-01",
        "valid_until": "2023-01-01"})
    assert_problem(response, 422, "valid_until")
    assert db.session.scalar(select(func.count()).select_from(Accreditation)) == 0


def test_holdings_need_a_login_and_stock_cannot_go_negative(client):
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    material = make_material()
    db.session.commit()
    assert_problem(client.get(f"/api/v1/labs/{lab.id}/holdings"), 401)
    headers = bearer(manager)
    bad = client.post(f"/api/v1/labs/{lab.id}/holdings", headers=headers, json={
        "reference_material_id": material.id, "lot": "A", "quantity": -1})
    assert_problem(bad, 422, "quantity")
    good = client.post(f"/api/v1/labs/{lab.id}/holdings", headers=headers, json={
        "reference_material_id": material.id, "lot": "A", "quantity": 4, "expiry_date": "2030-01-01"})
    assert good.status_code == 201
    dup = client.post(f"/api/v1/labs/{lab.id}/holdings", headers=headers, json={
        "reference_material_id": material.id, "lot": "A", "quantity": 1})
    assert_problem(dup, 409, "lot")
    assert client.get(f"/api/v1/labs/{lab.id}/holdings", headers=headers).get_json()["total"] == 1


def test_database_refuses_negative_stock_even_without_the_api(app):
    from sqlalchemy.exc import IntegrityError

    holding = make_holding(make_lab(), make_material(), quantity=1)
    db.session.commit()
    holding.quantity = -1
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Holding, holding.id).quantity == 1


def test_lab_history_records_who_changed_what(client):
    manager = make_user("lab_manager")
    headers = bearer(manager)
    lab = client.post("/api/v1/labs", json=NEW_LAB, headers=headers).get_json()
    client.patch(f"/api/v1/labs/{lab['id']}", json={"turnaround_days": 2}, headers=headers)
    history = client.get(f"/api/v1/labs/{lab['id']}/history", headers=headers).get_json()
    assert [h["action"] for h in history["items"]] == ["update", "create"]
    assert history["items"][0]["changes"]["turnaround_days"] == [7, 2]
    assert history["items"][0]["user_id"] == manager.id


def test_deleting_a_lab_takes_its_holdings_and_offers_with_it(client):
    """On either database: nothing is left pointing at a lab that no longer exists."""
    from labnet.training.models import TrainingOffer

    lab, other = make_lab(), make_lab()
    material = make_material(events=[make_event()])
    make_holding(lab, material)
    kept = make_holding(other, material)
    db.session.add(TrainingOffer(lab=lab, title="Event-specific qPCR", modality="in_person",
                                 start_date=dt.date.today() + dt.timedelta(days=30),
                                 end_date=dt.date.today() + dt.timedelta(days=32),
                                 seats_total=4, seats_remaining=4))
    manager = make_user("lab_manager", labs=[lab])
    db.session.commit()
    assert client.delete(f"/api/v1/labs/{lab.id}", headers=bearer(manager)).status_code == 204
    assert db.session.scalars(select(Holding.id)).all() == [kept.id]
    assert db.session.scalar(select(func.count()).select_from(TrainingOffer)) == 0


def test_an_archived_lab_leaves_the_directory_matching_and_coverage(client):
    from labnet.requests.models import TestingRequest

    event = make_event()
    lab = make_lab("KE", name="Closing Lab")
    make_capability(lab, make_method(events=[event]))
    make_holding(lab, make_material([event]), quantity=4)
    manager, agent = make_user("lab_manager", labs=[lab]), make_user("border_agent")
    db.session.add(TestingRequest(lab_id=lab.id, created_by_id=agent.id, commodity="maize",
                                  matrix="grain", events=[event.unique_identifier], status="declined"))
    db.session.commit()
    lab_id, headers = lab.id, bearer(agent)
    assert client.delete(f"/api/v1/labs/{lab_id}", headers=bearer(manager)).status_code == 204
    assert client.get(f"/api/v1/labs/{lab_id}").get_json()["archived_at"] is not None
    assert client.get("/api/v1/labs?q=Closing").get_json()["total"] == 0
    partners = client.get(f"/api/v1/match/testing-partners?events={event.unique_identifier}&lat=0&lon=35",
                          headers=headers).get_json()
    assert partners["total"] == 0
    materials = client.get(f"/api/v1/match/materials?event={event.unique_identifier}&lat=0&lon=35",
                           headers=headers).get_json()
    assert materials["total"] == 0
    coverage = client.get("/api/v1/coverage?region=014", headers=headers).get_json()
    assert next(c for c in coverage["countries"] if c["code"] == "KE")["labs"] == 0
    refused = assert_problem(client.post("/api/v1/testing-requests", headers=headers, json={
        "lab_id": lab_id, "commodity": "maize", "matrix": "grain",
        "events": [event.unique_identifier]}), 409)
    assert "archived" in refused["detail"]
    # the agency still reads its request
    assert client.get("/api/v1/testing-requests", headers=headers).get_json()["total"] == 1
