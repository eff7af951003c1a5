"""Material and testing requests over HTTP: the workflow, its refusals (each answered with
its reason and changing nothing), and the stock each step moves."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.database import today
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest, MaterialRequestStep
from tests.helpers import assert_problem, bearer, make_event, make_holding, make_lab, make_material, make_user


@pytest.fixture
def parties(app):
    holder_lab, requester_lab = make_lab("KE", name="Holder"), make_lab("UG", name="Requester")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=5)
    holder = make_user("lab_manager", labs=[holder_lab])
    requester = make_user("lab_manager", labs=[requester_lab])
    db.session.commit()
    return {"holding": holding, "requester_lab": requester_lab, "holder": bearer(holder),
            "requester": bearer(requester), "other": bearer(make_user("lab_manager"))}


def stock(holding_id):
    return db.session.scalar(select(Holding.quantity).where(Holding.id == holding_id))


def request_material(client, parties, quantity=2):
    response = client.post("/api/v1/material-requests", headers=parties["requester"], json={
        "requester_lab_id": parties["requester_lab"].id, "holding_id": parties["holding"].id,
        "quantity": quantity, "purpose": "positive control", "needed_by": "2030-01-01"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_material_request_runs_to_delivery(client, parties):
    req = request_material(client, parties)
    url = f"/api/v1/material-requests/{req['id']}"
    assert req["status"] == "pending" and stock(parties["holding"].id) == 5
    assert_problem(client.post(f"{url}/accept", headers=parties["requester"]), 403)
    assert_problem(client.get(url, headers=parties["other"]), 404)
    assert client.post(f"{url}/accept", headers=parties["holder"]).get_json()["status"] == "accepted"
    assert stock(parties["holding"].id) == 3
    assert_problem(client.post(f"{url}/accept", headers=parties["holder"]), 409)
    assert_problem(client.post(f"{url}/receive", headers=parties["requester"]), 409)
    assert client.post(f"{url}/ship", headers=parties["holder"]).status_code == 200
    done = client.post(f"{url}/receive", headers=parties["requester"]).get_json()
    assert done["status"] == "received"
    assert [h["status"] for h in done["history"]] == ["pending", "accepted", "shipped", "received"]
    assert_problem(client.post(f"{url}/cancel", headers=parties["requester"]), 409)
    assert stock(parties["holding"].id) == 3


def test_cancelling_an_accepted_request_returns_the_stock(client, parties):
    req = request_material(client, parties, quantity=4)
    url = f"/api/v1/material-requests/{req['id']}"
    client.post(f"{url}/accept", headers=parties["holder"])
    assert stock(parties["holding"].id) == 1
    assert client.post(f"{url}/cancel", headers=parties["requester"]).get_json()["status"] == "cancelled"
    assert stock(parties["holding"].id) == 5


def test_accept_without_enough_stock_is_409_and_changes_nothing(client, parties):
    first = request_material(client, parties, quantity=4)
    other_lab = make_lab("TZ")
    second = request_material(client, dict(parties, requester_lab=other_lab, requester=bearer(
        make_user("lab_manager", labs=[other_lab]))), quantity=3)
    client.post(f"/api/v1/material-requests/{first['id']}/accept", headers=parties["holder"])
    response = client.post(f"/api/v1/material-requests/{second['id']}/accept",
                           headers=parties["holder"])
    assert_problem(response, 409)
    db.session.expire_all()
    assert stock(parties["holding"].id) == 1
    assert db.session.get(MaterialRequest, second["id"]).status == "pending"


def test_request_refusals(client, parties):
    url = "/api/v1/material-requests"
    body = {"requester_lab_id": parties["requester_lab"].id, "holding_id": parties["holding"].id,
            "quantity": 1}
    assert_problem(client.post(url, json=body, headers=parties["other"]), 403)
    assert_problem(client.post(url, json=dict(body, quantity=0), headers=parties["requester"]),
                   422, "quantity")
    assert_problem(client.post(url, json=dict(body, quantity=6), headers=parties["requester"]), 409)
    assert_problem(client.post(url, json=dict(body, holding_id=999), headers=parties["requester"]),
                   422, "holding_id")
    assert db.session.scalar(select(func.count()).select_from(MaterialRequest)) == 0


def test_inbox_shows_what_awaits_each_side(client, parties):
    req = request_material(client, parties)
    holder_inbox = client.get("/api/v1/inbox", headers=parties["holder"]).get_json()
    assert [(i["id"], i["actions"]) for i in holder_inbox] == [(req["id"], ["accept", "decline"])]
    assert client.get("/api/v1/inbox", headers=parties["requester"]).get_json() == []


def test_testing_request_result_goes_back_to_the_agency(client):
    make_event(uid="MON-ØØ81Ø-6")
    lab = make_lab("KE")
    manager = bearer(make_user("lab_manager", labs=[lab]))
    agent = bearer(make_user("border_agent"))
    created = client.post("/api/v1/testing-requests", headers=agent, json={
        "lab_id": lab.id, "commodity": "maize grain", "matrix": "grain",
        "events": ["mon-00810-6"], "elements": ["35S"], "sample_count": 2, "port": "Mombasa"})
    assert created.status_code == 201, created.get_json()
    req = created.get_json()
    assert req["events"] == ["MON-ØØ81Ø-6"] and req["elements"] == ["P-35S"]
    url = f"/api/v1/testing-requests/{req['id']}"
    assert_problem(client.post(f"{url}/report", headers=manager,
                               json={"report_reference": "R1", "detected": ["P-35S"]}), 409)
    assert client.post(f"{url}/accept", headers=manager).get_json()["status"] == "accepted"
    assert_problem(client.post(f"{url}/report", headers=manager,
                               json={"report_reference": "R1", "detected": ["T-nos"]}), 422)
    report = client.post(f"{url}/report", headers=manager, json={
        "report_reference": "KE-2026-17", "detected": ["P-35S"], "not_detected": ["mon-00810-6"]})
    assert report.get_json()["status"] == "reported"
    seen = client.get(url, headers=agent).get_json()
    assert seen["detected"] == ["P-35S"] and seen["not_detected"] == ["MON-ØØ81Ø-6"]
    assert client.get("/api/v1/inbox", headers=agent).get_json()[0]["status"] == "reported"
    assert_problem(client.post("/api/v1/testing-requests", headers=manager, json={
        "lab_id": lab.id, "commodity": "x", "matrix": "grain", "events": ["MON-ØØ81Ø-6"]}), 403)


# the lot and the request: the rules of the second part

def given(holding_id) -> int:
    return db.session.scalar(select(Holding.quantity_given).where(Holding.id == holding_id))


def held(holding_id) -> int:
    """Units requests hold out of the lot's stock: promised, on their way or delivered."""
    return db.session.scalar(select(func.coalesce(func.sum(MaterialRequest.quantity), 0)).where(
        MaterialRequest.holding_id == holding_id,
        MaterialRequest.status.in_(("accepted", "shipped", "received"))))


def counts() -> tuple:
    """What a refused request must leave as it was."""
    db.session.expire_all()
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (MaterialRequest, MaterialRequestStep, AuditEntry))


def change_lot(holding_id, **values):
    db.session.execute(db.update(Holding).where(Holding.id == holding_id).values(**values))
    db.session.commit()


def body(parties, **changes):
    return dict({"requester_lab_id": parties["requester_lab"].id,
                 "holding_id": parties["holding"].id, "quantity": 1}, **changes)


LOT_REFUSALS = [
    ({"expiry_date": dt.date(2020, 1, 31)}, "expired on 2020-01-31"),
    ({"shareable": False}, "The holder does not share lot"),
    ({"archived_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, "archived"),
]


@pytest.mark.parametrize("lot, reason", LOT_REFUSALS)
def test_a_lot_that_is_expired_unshared_or_archived_cannot_be_requested(client, parties, lot,
                                                                       reason):
    change_lot(parties["holding"].id, **lot)
    before = counts()
    response = client.post("/api/v1/material-requests", json=body(parties),
                           headers=parties["requester"])
    problem = assert_problem(response, 409, "holding_id")
    assert reason in problem["detail"] and "cannot be requested" in problem["detail"]
    assert counts() == before


@pytest.mark.parametrize("lot, reason", LOT_REFUSALS)
def test_a_lot_that_became_expired_unshared_or_archived_cannot_be_accepted(client, parties, lot,
                                                                          reason):
    req = request_material(client, parties)
    change_lot(parties["holding"].id, **lot)
    before = counts()
    response = client.post(f"/api/v1/material-requests/{req['id']}/accept",
                           headers=parties["holder"])
    problem = assert_problem(response, 409)
    assert reason in problem["detail"] and "cannot be accepted" in problem["detail"]
    assert counts() == before
    assert db.session.get(MaterialRequest, req["id"]).status == "pending"
    assert stock(parties["holding"].id) == 5 and given(parties["holding"].id) == 5


def test_a_lab_cannot_request_its_own_lot(client, parties):
    holder_lab = parties["holding"].lab_id
    before = counts()
    response = client.post("/api/v1/material-requests", json=body(
        parties, requester_lab_id=holder_lab), headers=parties["holder"])
    assert assert_problem(response, 422, "holding_id")["detail"] == "A lab cannot request its own holding."
    assert counts() == before


@pytest.mark.parametrize("quantity", [1.5, "2", True, 2.0, None])
def test_quantity_is_a_whole_number(client, parties, quantity):
    before = counts()
    assert_problem(client.post("/api/v1/material-requests", json=body(parties, quantity=quantity),
                               headers=parties["requester"]), 422, "quantity")
    assert counts() == before


def test_needed_by_is_not_in_the_past(client, parties):
    before = counts()
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    problem = assert_problem(client.post("/api/v1/material-requests", json=body(
        parties, needed_by=yesterday), headers=parties["requester"]), 422, "needed_by")
    assert problem["errors"]["needed_by"] == ["Must be today or later."]
    assert counts() == before
    response = client.post("/api/v1/material-requests", json=body(
        parties, needed_by=today().isoformat()), headers=parties["requester"])
    assert response.status_code == 201


def test_one_open_request_per_lab_and_lot(client, parties):
    first = request_material(client, parties)
    before = counts()
    problem = assert_problem(client.post("/api/v1/material-requests", json=body(parties),
                                         headers=parties["requester"]), 409, "holding_id")
    assert f"request {first['id']}" in problem["detail"]
    assert counts() == before
    client.post(f"/api/v1/material-requests/{first['id']}/accept", headers=parties["holder"])
    assert_problem(client.post("/api/v1/material-requests", json=body(parties),
                               headers=parties["requester"]), 409, "holding_id")
    client.post(f"/api/v1/material-requests/{first['id']}/cancel", headers=parties["requester"])
    assert request_material(client, parties)["status"] == "pending"  # the first one is closed


def test_decline_needs_a_reason_that_the_requester_reads(client, parties):
    req = request_material(client, parties)
    url = f"/api/v1/material-requests/{req['id']}"
    before = counts()
    assert_problem(client.post(f"{url}/decline", headers=parties["holder"]), 422)
    assert_problem(client.post(f"{url}/decline", json={}, headers=parties["holder"]), 422, "reason")
    assert_problem(client.post(f"{url}/decline", json={"reason": "  "}, headers=parties["holder"]),
                   422, "reason")
    assert_problem(client.post(f"{url}/decline", json={"note": "no"}, headers=parties["holder"]),
                   422)
    assert counts() == before
    declined = client.post(f"{url}/decline", json={"reason": "Lot reserved for a ring trial."},
                           headers=parties["holder"]).get_json()
    assert declined["status"] == "declined"
    seen = client.get(url, headers=parties["requester"]).get_json()
    assert seen["decline_reason"] == "Lot reserved for a ring trial."
    assert seen["history"][-1]["status"] == "declined"
    assert seen["history"][-1]["note"] == "Lot reserved for a ring trial."
    assert stock(parties["holding"].id) == 5


def test_cancelling_records_the_step_it_took_and_the_stock_it_gave_back(client, parties):
    req = request_material(client, parties, quantity=3)
    url = f"/api/v1/material-requests/{req['id']}"
    client.post(f"{url}/accept", headers=parties["holder"])
    cancelled = client.post(f"{url}/cancel", headers=parties["requester"]).get_json()
    assert [h["status"] for h in cancelled["history"]] == ["pending", "accepted", "cancelled"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "cancel")).one()
    assert entry.changes == {"status": ["accepted", "cancelled"], "stock": 3}
    assert stock(parties["holding"].id) == 5 == given(parties["holding"].id)
    assert_problem(client.post(f"{url}/cancel", headers=parties["requester"]), 409)
    assert stock(parties["holding"].id) == 5


def test_a_pending_cancel_gives_back_nothing(client, parties):
    req = request_material(client, parties, quantity=3)
    client.post(f"/api/v1/material-requests/{req['id']}/cancel", headers=parties["requester"])
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "cancel")).one()
    assert entry.changes == {"status": ["pending", "cancelled"]}
    assert stock(parties["holding"].id) == 5


def test_stock_and_what_requests_hold_always_add_up_to_what_the_lot_was_given(client, parties):
    holding_id = parties["holding"].id
    req = request_material(client, parties, quantity=2)
    url = f"/api/v1/material-requests/{req['id']}"
    for headers, action in ((parties["holder"], "accept"), (parties["holder"], "ship"),
                            (parties["requester"], "receive")):
        assert client.post(f"{url}/{action}", headers=headers).status_code == 200
        db.session.expire_all()
        assert stock(holding_id) + held(holding_id) == given(holding_id) == 5
    assert stock(holding_id) == 3


def test_both_parties_still_read_a_request_whose_lot_was_archived(client, parties):
    req = request_material(client, parties)
    client.post(f"/api/v1/material-requests/{req['id']}/decline", json={"reason": "expired soon"},
                headers=parties["holder"])
    assert client.delete(f"/api/v1/holdings/{parties['holding'].id}",
                         headers=parties["holder"]).status_code == 204
    db.session.expire_all()
    assert db.session.get(Holding, parties["holding"].id).archived_at is not None
    for side in ("holder", "requester"):
        seen = client.get(f"/api/v1/material-requests/{req['id']}", headers=parties[side])
        assert seen.status_code == 200 and seen.get_json()["decline_reason"] == "expired soon"
