"""A lab's lots over HTTP: edits of a lot's stock move it relative to what requests took,
and a lot that requests name is archived rather than deleted."""
import pytest
from sqlalchemy import func, select

from labnet.audit.models import AuditEntry
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest
from tests.helpers import assert_problem, bearer, make_event, make_holding, make_lab, make_material, make_user


@pytest.fixture
def lot(app):
    """A lot given 10 units, of which an accepted request holds 4."""
    holder_lab, requester_lab = make_lab("KE"), make_lab("UG")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=10)
    db.session.add(MaterialRequest(requester_lab_id=requester_lab.id, holding_id=holding.id,
                                   quantity=4, status="accepted"))
    holding.quantity = 6
    holder = bearer(make_user("lab_manager", labs=[holder_lab]))
    db.session.commit()
    return {"id": holding.id, "url": f"/api/v1/holdings/{holding.id}", "lab_id": holder_lab.id,
            "holder": holder}


def counts(holding_id):
    db.session.expire_all()
    holding = db.session.get(Holding, holding_id)
    return holding.quantity, holding.quantity_given, holding.version, \
        db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_new_lot_was_given_its_stock(client, lot):
    response = client.post(f"/api/v1/labs/{lot['lab_id']}/holdings", headers=lot["holder"], json={
        "reference_material_id": db.session.get(Holding, lot["id"]).reference_material_id,
        "lot": "NEW-1", "quantity": 7})
    assert response.status_code == 201
    assert (response.get_json()["quantity"], response.get_json()["quantity_given"]) == (7, 7)


def test_giving_the_lot_more_raises_the_stock_by_the_difference(client, lot):
    answer = client.patch(lot["url"], headers=lot["holder"], json={"quantity_given": 15})
    assert answer.status_code == 200, answer.get_json()
    assert (answer.get_json()["quantity"], answer.get_json()["quantity_given"]) == (11, 15)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.changes == {"quantity": [6, 11], "quantity_given": [10, 15]}


def test_the_stock_asked_for_is_applied_as_a_change_from_the_stock_read(client, lot):
    answer = client.patch(lot["url"], headers=lot["holder"], json={"quantity": 2})
    assert (answer.get_json()["quantity"], answer.get_json()["quantity_given"]) == (2, 6)


@pytest.mark.parametrize("change", [{"quantity_given": 3}, {"quantity_given": 0}])
def test_a_lot_cannot_be_given_fewer_units_than_requests_took(client, lot, change):
    before = counts(lot["id"])
    problem = assert_problem(client.patch(lot["url"], headers=lot["holder"], json=change), 409,
                             "quantity_given")
    assert "Accepted requests hold 4 vial of this lot" in problem["detail"]
    assert "cannot be given fewer than 4" in problem["detail"]
    assert counts(lot["id"]) == before


@pytest.mark.parametrize("change, field", [
    ({"quantity": 1.5}, "quantity"), ({"quantity_given": 12.5}, "quantity_given"),
    ({"quantity": "3"}, "quantity"), ({"quantity_given": -1}, "quantity_given"),
    ({"quantity": 3, "quantity_given": 12}, "quantity"),
])
def test_stock_edits_are_whole_numbers_and_one_at_a_time(client, lot, change, field):
    before = counts(lot["id"])
    assert_problem(client.patch(lot["url"], headers=lot["holder"], json=change), 422, field)
    assert counts(lot["id"]) == before


def test_an_accept_changes_the_lots_etag(client, lot):
    etag = client.get(lot["url"], headers=lot["holder"]).headers["ETag"]
    db.session.execute(db.update(Holding).where(Holding.id == lot["id"])
                       .values(version=Holding.version + 1, quantity=Holding.quantity - 1))
    db.session.commit()
    before = counts(lot["id"])
    assert_problem(client.patch(lot["url"], headers=dict(lot["holder"], **{"If-Match": etag}),
                                json={"quantity": 9}), 412)
    assert counts(lot["id"]) == before


def test_an_archived_lot_leaves_the_labs_list_and_stays_readable(client, lot):
    db.session.execute(db.update(MaterialRequest).values(status="received"))
    db.session.commit()
    assert client.delete(lot["url"], headers=lot["holder"]).status_code == 204
    listed = client.get(f"/api/v1/labs/{lot['lab_id']}/holdings", headers=lot["holder"]).get_json()
    assert listed["items"] == [] and listed["total"] == 0
    read = client.get(lot["url"], headers=lot["holder"]).get_json()
    assert read["archived_at"] is not None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "archive")).one()
    assert entry.changes["archived_at"][0] is None
    before = counts(lot["id"])
    problem = assert_problem(client.patch(lot["url"], headers=lot["holder"],
                                          json={"quantity_given": 20}), 409)
    assert "archived" in problem["detail"]
    assert counts(lot["id"]) == before


def test_a_lot_records_its_own_form(client, lot):
    material_id = db.session.get(Holding, lot["id"]).reference_material_id
    url = f"/api/v1/labs/{lot['lab_id']}/holdings"
    made = client.post(url, headers=lot["holder"], json={
        "reference_material_id": material_id, "lot": "0707-C5", "quantity": 2, "form": "genomic_dna"})
    assert made.status_code == 201 and made.get_json()["form"] == "genomic_dna"
    assert client.get(lot["url"], headers=lot["holder"]).get_json()["form"] is None  # not said
    assert_problem(client.post(url, headers=lot["holder"], json={
        "reference_material_id": material_id, "lot": "X", "quantity": 1, "form": "powderish"}), 422, "form")
