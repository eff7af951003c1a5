"""Non-certified and in-house lots: characterised before they are shared, and requesters see
the characterisation before they ask."""
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.holdings.models import Holding
from tests.helpers import (
    assert_problem,
    bearer,
    login,
    make_document,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_user,
)

CHARACTERISATION = {"characterisation_method": "ddPCR, MON810/hmg copy ratio",
                    "characterised_value": "1.02 % cp/cp",
                    "homogeneity": "10 units, between-unit CV 3 %",
                    "stability": "stable 12 months at -20 °C"}


def lot(material_id, **fields):
    return {"reference_material_id": material_id, "lot": "IH-2026-1", "quantity": 5} | fields


def test_an_in_house_lot_is_not_shared_until_characterised(client, app):
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    material = make_material(kind="in_house")
    db.session.commit()
    url = f"/api/v1/labs/{lab.id}/holdings"
    body = assert_problem(client.post(url, json=lot(material.id), headers=bearer(manager)), 422,
                          "shareable")
    assert "characterised" in body["detail"]
    assert db.session.scalar(select(func.count()).select_from(Holding)) == 0
    # kept unshared, it is recorded; shared once characterised
    created = client.post(url, json=lot(material.id, shareable=False), headers=bearer(manager))
    assert created.status_code == 201 and created.get_json()["characterised"] is False
    holding_url = f"/api/v1/holdings/{created.get_json()['id']}"
    assert_problem(client.patch(holding_url, json={"shareable": True}, headers=bearer(manager)),
                   422, "shareable")
    db.session.expire_all()
    assert db.session.scalars(select(Holding)).one().shareable is False
    report = make_document(lab, "characterisation_report", title="Characterisation 2026")
    db.session.commit()
    shared = client.patch(holding_url, json=CHARACTERISATION | {
        "shareable": True, "characterisation_report_id": report.id}, headers=bearer(manager))
    assert shared.status_code == 200, shared.get_data(as_text=True)
    assert shared.get_json()["characterised"] is True and shared.get_json()["shareable"] is True


def test_a_partial_characterisation_is_not_enough_and_a_certified_lot_needs_none(client, app):
    lab = make_lab()
    manager = make_user("lab_manager", labs=[lab])
    in_house = make_material(kind="non_certified")
    certified = make_material(kind="certified")
    db.session.commit()
    url = f"/api/v1/labs/{lab.id}/holdings"
    partial = {k: v for k, v in CHARACTERISATION.items() if k != "stability"}
    assert_problem(client.post(url, json=lot(in_house.id, **partial), headers=bearer(manager)),
                   422, "shareable")
    assert client.post(url, json=lot(certified.id), headers=bearer(manager)).status_code == 201


def test_another_labs_report_is_refused(client, app):
    lab, other = make_lab(), make_lab()
    manager = make_user("lab_manager", labs=[lab])
    material = make_material(kind="in_house")
    theirs = make_document(other, "characterisation_report")
    db.session.commit()
    response = client.post(f"/api/v1/labs/{lab.id}/holdings", json=lot(
        material.id, characterisation_report_id=theirs.id, **CHARACTERISATION),
        headers=bearer(manager))
    assert_problem(response, 422, "characterisation_report_id")
    assert db.session.scalar(select(func.count()).select_from(Holding)) == 0


def test_requesters_see_the_characterisation_on_the_lab_page_and_in_matches(client, app):
    event = make_event(uid="MON-ØØ81Ø-6")
    holder, requester = make_lab(name="Holder"), make_lab(name="Requester")
    material = make_material(events=[event], kind="in_house")
    holding = make_holding(holder, material)
    for field, value in CHARACTERISATION.items():
        setattr(holding, field, value)
    reader = make_user("lab_manager", labs=[requester])
    db.session.commit()
    login(client, reader)
    for url in (f"/labs/{holder.id}", f"/find/material?event=MON-ØØ81Ø-6&requester_lab={requester.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "1.02 % cp/cp" in page and "ddPCR" in page, url
