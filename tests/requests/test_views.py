"""Request pages follow the same rules as the API, through the same schema and service."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from labnet.database import today
from labnet.extensions import db
from labnet.holdings.models import Holding
from labnet.requests.models import MaterialRequest, MaterialRequestStep
from tests.helpers import login, make_event, make_holding, make_lab, make_material, make_user, post_form


@pytest.fixture
def parties(app):
    holder_lab, requester_lab = make_lab("KE"), make_lab("UG")
    holding = make_holding(holder_lab, make_material([make_event()]), quantity=5)
    holder = make_user("lab_manager", labs=[holder_lab])
    requester = make_user("lab_manager", labs=[requester_lab])
    db.session.commit()
    return {"holding": holding.id, "requester_lab": requester_lab.id, "holder": holder,
            "requester": requester}


def requests_made():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(MaterialRequest))


@pytest.mark.parametrize("quantity, needed_by", [
    ("1.5", None), ("two", None), ("1", (today() - dt.timedelta(days=1)).isoformat())])
def test_a_request_form_with_a_bad_quantity_or_date_changes_nothing(client, parties, quantity,
                                                                    needed_by):
    login(client, parties["requester"])
    form = {"requester_lab_id": parties["requester_lab"], "holding_id": parties["holding"],
            "quantity": quantity}
    if needed_by:
        form["needed_by"] = needed_by
    response = post_form(client, "/requests/material", form)
    # the form comes back with what was typed and the message by the field
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="quantity-error"' in page or 'id="needed_by-error"' in page
    assert requests_made() == 0


def test_a_request_form_sends_whole_units(client, parties):
    login(client, parties["requester"])
    response = post_form(client, "/requests/material", {
        "requester_lab_id": parties["requester_lab"], "holding_id": parties["holding"],
        "quantity": "2"})
    assert response.status_code == 302 and requests_made() == 1
    again = post_form(client, "/requests/material", {
        "requester_lab_id": parties["requester_lab"], "holding_id": parties["holding"],
        "quantity": "1"}, page="/requests/")
    assert again.status_code == 422 and requests_made() == 1
    assert "already asks for this lot" in again.get_data(as_text=True)


def test_declining_on_the_page_needs_a_reason_the_requester_reads(client, parties):
    request = MaterialRequest(requester_lab_id=parties["requester_lab"],
                              holding_id=parties["holding"], quantity=1, status="pending")
    db.session.add(request)
    db.session.commit()
    url = f"/requests/material/{request.id}"
    login(client, parties["holder"])
    assert 'name="reason"' in client.get(url).get_data(as_text=True)
    post_form(client, f"{url}/decline", {"reason": "  "})
    db.session.expire_all()
    assert db.session.get(MaterialRequest, request.id).status == "pending"
    assert db.session.scalar(select(func.count()).select_from(MaterialRequestStep)) == 0
    post_form(client, f"{url}/decline", {"reason": "Kept for our own validation study."})
    db.session.expire_all()
    assert db.session.get(MaterialRequest, request.id).status == "declined"
    client.get("/logout")
    login(client, parties["requester"])
    assert "Kept for our own validation study." in client.get(url).get_data(as_text=True)


def test_the_lot_form_edits_what_the_lot_was_given(client, parties):
    db.session.add(MaterialRequest(requester_lab_id=parties["requester_lab"],
                                   holding_id=parties["holding"], quantity=2, status="accepted"))
    db.session.execute(db.update(Holding).values(quantity=3))
    db.session.commit()
    login(client, parties["holder"])
    url = f"/holdings/{parties['holding']}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="quantity_given"' in page and "2 taken by accepted requests" in page
    response = post_form(client, url, {"quantity_given": "8", "lot": "L-8"}, page=url)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    holding = db.session.get(Holding, parties["holding"])
    assert (holding.quantity, holding.quantity_given, holding.lot) == (6, 8, "L-8")
