import threading

import pytest
from sqlalchemy import func, select

from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest
from tests.helpers import (
    assert_problem,
    bearer,
    is_postgres,
    make_event,
    make_holding,
    make_lab,
    make_material,
    make_user,
)


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
    second = request_material(client, parties, quantity=3)
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
    assert_problem(client.post(url, json=dict(body, quantity=0), headers=parties["requester"]), 422, "quantity")
    assert_problem(client.post(url, json=dict(body, quantity=6), headers=parties["requester"]), 409)
    assert_problem(client.post(url, json=dict(body, holding_id=999), headers=parties["requester"]), 422, "holding_id")
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


@pytest.mark.postgres_only
def test_concurrent_accepts_never_take_more_than_the_stock(app, client):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    stock_size, clients = 7, 24
    holder_lab, requester_lab = make_lab("KE"), make_lab("UG")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=stock_size)
    holder = make_user("lab_manager", labs=[holder_lab])
    requests = [MaterialRequest(requester_lab_id=requester_lab.id, holding_id=holding.id,
                                quantity=1, status="pending") for _ in range(clients)]
    db.session.add_all(requests)
    db.session.commit()
    headers = bearer(holder)
    ids = [r.id for r in requests]
    barrier = threading.Barrier(clients)
    statuses = []

    def accept(request_id):
        with app.test_client() as own:
            barrier.wait()
            statuses.append(own.post(f"/api/v1/material-requests/{request_id}/accept",
                                     headers=headers).status_code)

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] * stock_size + [409] * (clients - stock_size)
    db.session.expire_all()
    assert stock(holding.id) == 0
    accepted = db.session.scalar(select(func.count()).select_from(MaterialRequest)
                                 .where(MaterialRequest.status == "accepted"))
    assert accepted == stock_size
