"""Races between the parties to a lot, on PostgreSQL: each client has its own test client,
session and connection, and all start together at a barrier. Whatever the interleaving, no
client gets a 5xx, stock plus what accepted, shipped and received requests hold equals what
the lot was given, and every request's status is the last step of its history."""
import threading

import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests import workflow
from labnet.requests.models import MaterialRequest, MaterialRequestStep
from tests.helpers import bearer, is_postgres, make_event, make_holding, make_lab, make_material, make_user

pytestmark = pytest.mark.postgres_only

# where a request may have passed, in order, before it reached each final status
PATHS = {
    "accepted": [["pending", "accepted"]],
    "shipped": [["pending", "accepted", "shipped"]],
    "cancelled": [["pending", "cancelled"], ["pending", "accepted", "cancelled"]],
    "pending": [["pending"]],
}


@pytest.fixture
def lot(app):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")

    def build(given, requests, quantity, status="pending"):
        holder_lab = make_lab("KE")
        holding = make_holding(holder_lab, make_material([make_event()]), quantity=given)
        labs = [make_lab("UG") for _ in range(requests)]  # one open request per lab and lot
        ids = []
        for lab in labs:
            request = MaterialRequest(requester_lab_id=lab.id, holding_id=holding.id,
                                      quantity=quantity, status="pending")
            db.session.add(request)
            db.session.flush()
            db.session.add(MaterialRequestStep(request_id=request.id, status="pending"))
            if status == "accepted":
                request.status = "accepted"
                holding.quantity -= quantity
                db.session.add(MaterialRequestStep(request_id=request.id, status="accepted"))
            ids.append(request.id)
        holder = bearer(make_user("lab_manager", labs=[holder_lab]))
        requester = bearer(make_user("lab_manager", labs=labs))
        db.session.commit()
        return holding.id, ids, holder, requester
    return build


def race(app, calls):
    """Run every (method, url, headers, json) at once, each from its own client; answer the
    status codes in the order of `calls`."""
    barrier = threading.Barrier(len(calls))
    statuses = [None] * len(calls)

    def run(index, method, url, headers, body):
        with app.test_client() as own:
            barrier.wait()
            statuses[index] = own.open(url, method=method, headers=headers, json=body).status_code

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def the_lot(holding_id):
    db.session.expire_all()
    holding = db.session.get(Holding, holding_id)
    held = db.session.scalar(select(func.coalesce(func.sum(MaterialRequest.quantity), 0)).where(
        MaterialRequest.holding_id == holding_id,
        MaterialRequest.status.in_(workflow.MATERIAL_HOLDS_STOCK)))
    return holding.quantity, held, holding.quantity_given


def statuses_agree_with_history(ids) -> dict:
    """Each request's status is where its history ends, along a path the workflow allows;
    and a cancel gave stock back exactly when it cancelled an acceptance. Answers the
    count of requests per final status."""
    final = {}
    for request_id in ids:
        request = db.session.get(MaterialRequest, request_id)
        path = [step.status for step in request.history]
        assert path in PATHS[request.status], (request_id, path)
        final[request.status] = final.get(request.status, 0) + 1
        cancel = db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "material_requests", AuditEntry.entity_id == request_id,
            AuditEntry.action == "cancel")).one_or_none()
        if cancel is not None:
            assert cancel.changes["status"] == path[-2:]
            assert cancel.changes.get("stock", 0) == (request.quantity if "accepted" in path else 0)
    return final


def test_accepts_racing_cancels_never_lose_a_unit(app, lot):
    holding_id, ids, holder, requester = lot(given=100, requests=25, quantity=4)
    calls = [c for i in ids for c in (("POST", f"/api/v1/material-requests/{i}/accept", holder, None),
                                      ("POST", f"/api/v1/material-requests/{i}/cancel", requester,
                                       None))]
    statuses = race(app, calls)
    assert set(statuses) <= {200, 409}, statuses
    stock, held, given = the_lot(holding_id)
    final = statuses_agree_with_history(ids)
    print(f"\naccept vs cancel: {len(calls)} clients, answers {sorted(statuses)}, final {final}, "
          f"stock {stock} + held {held} = given {given}")
    assert stock + held == given == 100
    assert final.get("pending", 0) == 0  # every cancel either won or cancelled the acceptance


def test_ships_racing_cancels_never_lose_a_unit(app, lot):
    holding_id, ids, holder, requester = lot(given=100, requests=25, quantity=4, status="accepted")
    calls = [c for i in ids for c in (("POST", f"/api/v1/material-requests/{i}/ship", holder, None),
                                      ("POST", f"/api/v1/material-requests/{i}/cancel", requester,
                                       None))]
    statuses = race(app, calls)
    assert sorted(statuses) == [200] * 25 + [409] * 25, statuses
    stock, held, given = the_lot(holding_id)
    final = statuses_agree_with_history(ids)
    print(f"\nship vs cancel: {len(calls)} clients, final {final}, "
          f"stock {stock} + held {held} = given {given}")
    assert stock + held == given == 100
    assert stock == 4 * final["cancelled"] and held == 4 * final["shipped"]


def test_an_edit_of_the_lot_racing_accepts_keeps_every_count(app, lot):
    holding_id, ids, holder, _ = lot(given=40, requests=24, quantity=2)
    accepts = [("POST", f"/api/v1/material-requests/{i}/accept", holder, None) for i in ids]
    edits = [("PATCH", f"/api/v1/holdings/{holding_id}", holder, {"quantity_given": 60})] * 3 + \
        [("PATCH", f"/api/v1/holdings/{holding_id}", holder, {"quantity_given": 50})] * 3
    statuses = race(app, accepts + edits)
    assert set(statuses[:24]) <= {200, 409} and statuses[24:] == [200] * 6, statuses
    stock, held, given = the_lot(holding_id)
    final = statuses_agree_with_history(ids)
    print(f"\nedit vs accepts: {len(statuses)} clients, accepted {statuses[:24].count(200)}, "
          f"final {final}, stock {stock} + held {held} = given {given}")
    assert given in (50, 60) and stock >= 0
    assert stock + held == given
    assert held == 2 * statuses[:24].count(200) == 2 * final.get("accepted", 0)


def test_racing_requests_for_the_same_lot_open_only_one(app, lot):
    holding_id, _, _, _ = lot(given=100, requests=0, quantity=1)
    lab = make_lab("TZ")
    headers = bearer(make_user("lab_manager", labs=[lab]))
    body = {"requester_lab_id": lab.id, "holding_id": holding_id, "quantity": 1}
    statuses = race(app, [("POST", "/api/v1/material-requests", headers, body)] * 24)
    assert sorted(statuses) == [201] + [409] * 23, statuses
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(MaterialRequest)) == 1


def test_concurrent_accepts_never_take_more_than_the_stock(app, lot):
    holding_id, ids, holder, _ = lot(given=7, requests=24, quantity=1)
    statuses = race(app, [("POST", f"/api/v1/material-requests/{i}/accept", holder, None)
                          for i in ids])
    assert sorted(statuses) == [200] * 7 + [409] * 17
    stock, held, given = the_lot(holding_id)
    assert (stock, held, given) == (0, 7, 7)
    assert statuses_agree_with_history(ids) == {"accepted": 7, "pending": 17}
