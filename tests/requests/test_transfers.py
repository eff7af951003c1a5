"""Material transfers across borders: the address the requester confirms, the lot's agreement
accepted by name and title, the import permit, how the parcel travels and how it arrives,
each step kept in the history (who, when, what); every refusal changes nothing."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.database import today
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest, MaterialRequestStep
from tests.helpers import (
    assert_problem,
    bearer,
    login,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_user,
    post_form,
)

MTA = "The recipient uses the material for research and testing only and does not pass it on."
ADDRESS = "Uganda National Biosafety Laboratory, Plot 12, Kampala, Uganda"


@pytest.fixture
def parties(app):
    holder_lab, requester_lab = make_lab("KE", name="Holder"), make_lab("UG", name="Requester")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=5)
    holding.mta_required, holding.mta_text = True, MTA
    holding.terms, holding.cost_recovery = "cost_recovery", "EUR 40 per vial plus courier"
    holder = make_user("lab_manager", labs=[holder_lab])
    requester = make_user("lab_manager", labs=[requester_lab])
    db.session.commit()
    return {"holding": holding, "requester_lab": requester_lab, "holder": bearer(holder),
            "requester": bearer(requester), "requester_user": requester,
            "holder_user": holder}


def body(parties, **changes):
    return dict({"requester_lab_id": parties["requester_lab"].id,
                 "holding_id": parties["holding"].id, "quantity": 2,
                 "needed_by": (today() + dt.timedelta(days=30)).isoformat(),
                 "purpose": "positive control for MON810 qPCR",
                 "shipping_address": ADDRESS, "shipping_contact": "Dr A. Namusoke, +256 700 000000",
                 "shipping_address_confirmed": True,
                 "import_permit_needed": True, "import_permit_reference": "UNCST/BIO/2026/044",
                 "mta_accepted_by": {"name": "Dr A. Namusoke", "title": "Head of laboratory"}},
                **changes)


def nothing_requested():
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(MaterialRequest)) == 0
            and db.session.scalar(select(func.count()).select_from(MaterialRequestStep)) == 0)


def test_a_transfer_runs_from_request_to_receipt_with_every_step_in_its_history(client, parties):
    created = client.post("/api/v1/material-requests", json=body(parties),
                          headers=parties["requester"])
    assert created.status_code == 201, created.get_json()
    req = created.get_json()
    assert req["shipping_address"] == ADDRESS and req["shipping_address_confirmed_at"]
    assert req["mta_accepted_by"]["name"] == "Dr A. Namusoke"
    assert req["mta_accepted_by"]["title"] == "Head of laboratory" and req["mta_accepted_by"]["at"]
    assert req["mta_text_accepted"] == MTA
    assert (req["import_permit_needed"], req["import_permit_reference"]) == (True, "UNCST/BIO/2026/044")
    url = f"/api/v1/material-requests/{req['id']}"
    client.post(f"{url}/accept", headers=parties["holder"])
    shipped = client.post(f"{url}/ship", headers=parties["holder"], json={
        "courier": "DHL", "tracking_number": "JD0146000", "conditions": "dry_ice"}).get_json()
    assert (shipped["courier"], shipped["tracking_number"], shipped["shipping_conditions"]) == \
        ("DHL", "JD0146000", "dry_ice")
    done = client.post(f"{url}/receive", headers=parties["requester"], json={
        "condition": "thawed", "note": "Dry ice gone on arrival; vials at 4 °C."}).get_json()
    assert done["receipt_condition"] == "thawed" and done["receipt_note"].startswith("Dry ice")
    steps = done["history"]
    assert [s["status"] for s in steps] == ["pending", "accepted", "shipped", "received"]
    requester, holder = parties["requester_user"], parties["holder_user"]
    assert [s["actor_id"] for s in steps] == [requester.id, holder.id, holder.id, requester.id]
    assert all(s["at"] and s["actor_name"] for s in steps)
    assert steps[0]["details"]["mta_accepted_by"] == {"name": "Dr A. Namusoke",
                                                      "title": "Head of laboratory"}
    assert steps[0]["details"]["shipping_address"] == ADDRESS
    assert steps[2]["details"] == {"courier": "DHL", "tracking_number": "JD0146000",
                                   "conditions": "dry_ice"}
    assert steps[3]["details"] == {"condition": "thawed"}


def test_a_lot_with_an_agreement_refuses_a_request_without_its_acceptance(client, parties):
    without = body(parties)
    del without["mta_accepted_by"]
    for sent in (without, body(parties, mta_accepted_by=None),
                 body(parties, mta_accepted_by={"name": "Dr A. Namusoke"}),
                 body(parties, mta_accepted_by={"name": "", "title": "Head"})):
        problem = assert_problem(client.post("/api/v1/material-requests", json=sent,
                                             headers=parties["requester"]), 422, "mta_accepted_by")
        assert problem["errors"]["mta_accepted_by"]
    assert nothing_requested()


def test_a_lot_without_an_agreement_needs_no_acceptance(client, parties):
    parties["holding"].mta_required = False
    db.session.commit()
    sent = body(parties)
    del sent["mta_accepted_by"]
    created = client.post("/api/v1/material-requests", json=sent, headers=parties["requester"])
    assert created.status_code == 201 and created.get_json()["mta_accepted_by"] is None


@pytest.mark.parametrize("changes, field", [
    ({"shipping_address_confirmed": False}, "shipping_address_confirmed"),
    ({"import_permit_reference": None}, "import_permit_reference"),
    ({"needed_by": (today() - dt.timedelta(days=1)).isoformat()}, "needed_by"),
    ({"shipping_address": "x" * 1001}, "shipping_address"),
    ({"import_permit_needed": "perhaps"}, "import_permit_needed"),
])
def test_an_unconfirmed_address_a_permit_without_reference_or_a_past_date_is_refused(
        client, parties, changes, field):
    assert_problem(client.post("/api/v1/material-requests", json=body(parties, **changes),
                               headers=parties["requester"]), 422, field)
    assert nothing_requested()


def test_a_permit_not_needed_or_not_known_needs_no_reference(client, parties):
    created = client.post("/api/v1/material-requests", headers=parties["requester"],
                          json=body(parties, import_permit_needed=None, import_permit_reference=None))
    assert created.status_code == 201
    assert created.get_json()["import_permit_needed"] is None  # not said stays not said


@pytest.fixture
def accepted(client, parties):
    req = client.post("/api/v1/material-requests", json=body(parties),
                      headers=parties["requester"]).get_json()
    url = f"/api/v1/material-requests/{req['id']}"
    client.post(f"{url}/accept", headers=parties["holder"])
    return url


def steps_of(url):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(MaterialRequestStep))


@pytest.mark.parametrize("sent, field", [
    ({"conditions": "warm"}, "conditions"), ({"conditions": "DRY ICE"}, "conditions"),
    ({"courier": "x" * 121}, "courier"), ({"tracking_number": 12}, "tracking_number")])
def test_a_shipment_in_unknown_conditions_is_refused(client, parties, accepted, sent, field):
    before = steps_of(accepted)
    assert_problem(client.post(f"{accepted}/ship", json=sent, headers=parties["holder"]), 422, field)
    assert steps_of(accepted) == before
    assert client.get(accepted, headers=parties["holder"]).get_json()["status"] == "accepted"


def test_receipt_before_shipment_or_in_an_unknown_condition_is_refused(client, parties, accepted):
    before = steps_of(accepted)
    assert_problem(client.post(f"{accepted}/receive", json={"condition": "intact"},
                               headers=parties["requester"]), 409)
    client.post(f"{accepted}/ship", json={"conditions": "frozen"}, headers=parties["holder"])
    assert_problem(client.post(f"{accepted}/receive", json={"condition": "lost"},
                               headers=parties["requester"]), 422, "condition")
    assert_problem(client.post(f"{accepted}/receive", json={"condition": "intact"},
                               headers=parties["holder"]), 403)
    read = client.get(accepted, headers=parties["requester"]).get_json()
    assert read["status"] == "shipped" and read["receipt_condition"] is None
    assert steps_of(accepted) == before + 1  # the shipment only


def test_the_holding_states_its_agreement_and_cost_recovery(client, parties):
    url = f"/api/v1/holdings/{parties['holding'].id}"
    read = client.get(url, headers=parties["holder"]).get_json()
    assert read["mta_text"] == MTA and read["cost_recovery"] == "EUR 40 per vial plus courier"
    assert_problem(client.patch(url, json={"cost_recovery": "x" * 501}, headers=dict(
        parties["holder"], **{"If-Match": client.get(url, headers=parties["holder"]).headers["ETag"]})),
        422, "cost_recovery")
    db.session.expire_all()
    assert db.session.get(Holding, parties["holding"].id).cost_recovery == "EUR 40 per vial plus courier"


def test_the_request_form_shows_the_terms_and_agreement_and_asks_what_the_transfer_needs(
        client, parties):
    login(client, parties["requester_user"])
    page = client.get(f"/requests/material/new?holding_id={parties['holding'].id}"
                      f"&requester_lab={parties['requester_lab'].id}&quantity=2")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "EUR 40 per vial plus courier" in text and MTA in text
    for name in ("shipping_address", "shipping_contact", "needed_by", "purpose",
                 "shipping_address_confirmed", "import_permit_needed", "import_permit_reference",
                 'name="name"', 'name="title"'):
        assert name in text
    form = {"holding_id": parties["holding"].id, "requester_lab_id": parties["requester_lab"].id,
            "quantity": "2", "shipping_address": ADDRESS, "purpose": "control"}
    refused = post_form(client, "/requests/material", form)
    assert refused.status_code == 422
    kept = refused.get_data(as_text=True)
    assert ADDRESS in kept and 'id="shipping_address_confirmed-error"' in kept
    assert 'id="name-error"' in kept or "mta_accepted_by-error" in kept
    assert nothing_requested()
    sent = post_form(client, "/requests/material", dict(
        form, shipping_address_confirmed="on", import_permit_needed="no",
        name="Dr A. Namusoke", title="Head of laboratory"))
    assert sent.status_code == 302
    db.session.expire_all()
    request = db.session.scalar(select(MaterialRequest))
    assert (request.mta_accepted_name, request.import_permit_needed) == ("Dr A. Namusoke", False)
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Timeline" in page and "Material transfer agreement accepted by Dr A. Namusoke" in page


def test_shipping_and_receipt_on_the_pages(client, parties, accepted):
    request_id = int(accepted.rsplit("/", 1)[1])
    page = f"/requests/material/{request_id}"
    login(client, parties["holder_user"])
    assert 'name="tracking_number"' in client.get(page).get_data(as_text=True)
    post_form(client, f"{page}/ship", {"courier": "DHL", "tracking_number": "JD1",
                                       "conditions": "warm"})
    db.session.expire_all()
    assert db.session.get(MaterialRequest, request_id).status == "accepted"
    post_form(client, f"{page}/ship", {"courier": "DHL", "tracking_number": "JD1",
                                       "conditions": "cooled"})
    client.get("/logout")
    login(client, parties["requester_user"])
    post_form(client, f"{page}/receive", {"condition": "intact", "note": "All vials present."})
    db.session.expire_all()
    request = db.session.get(MaterialRequest, request_id)
    assert (request.status, request.shipping_conditions, request.receipt_condition) == \
        ("received", "cooled", "intact")
    text = client.get(page).get_data(as_text=True)
    assert "Courier DHL, tracking number JD1" in text and "Arrived intact" in text
